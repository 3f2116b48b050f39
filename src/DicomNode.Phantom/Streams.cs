using System.Security.Cryptography;
using System.Text;

namespace DicomNode.Phantom;

/// <summary>Independent, reproducible random streams: each named purpose of a seed gets its own <see cref="Random"/>.</summary>
internal static class Streams
{
    public static Random For(int seed, string purpose, int index = 0) => new(Hash(seed, purpose, index));

    /// <summary>A stable 31-bit hash (SHA-256, not string.GetHashCode, which differs between runs).</summary>
    public static int Hash(int seed, string purpose, int index)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{seed}|{purpose}|{index}")));
        return BitConverter.ToInt32(bytes, 0) & int.MaxValue;
    }
}
