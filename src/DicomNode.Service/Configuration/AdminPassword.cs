using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The web console administrator's password as the configuration keeps it (Console:AdminPasswordHash): PBKDF2 with
/// HMAC-SHA256, a random 16-byte salt and 600,000 iterations, written "pbkdf2-sha256$iterations$salt$hash" (base64).
/// The password itself is never stored.
/// </summary>
internal static class AdminPassword
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 600_000;
    private const int MinimumLength = 12;

    public static string Hash(string password)
    {
        if (password.Length < MinimumLength)
        {
            throw new InvalidOperationException($"the console password must have at least {MinimumLength} characters.");
        }

        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, Iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether <paramref name="stored"/> is in the form <see cref="Hash"/> writes.</summary>
    public static bool IsWellFormed(string stored) => Parse(stored) is not null;

    public static bool Verify(string password, string? stored)
    {
        if (stored is null || Parse(stored) is not { } parts)
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), parts.Salt, parts.Iterations, HashAlgorithmName.SHA256, parts.Hash.Length);
        return CryptographicOperations.FixedTimeEquals(actual, parts.Hash);
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string stored)
    {
        var fields = stored.Split('$');
        if (fields.Length != 4 || fields[0] != Scheme
            || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 100_000)
        {
            return null;
        }

        try
        {
            var salt = Convert.FromBase64String(fields[2]);
            var hash = Convert.FromBase64String(fields[3]);
            return salt.Length >= 16 && hash.Length >= 32 ? (iterations, salt, hash) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
