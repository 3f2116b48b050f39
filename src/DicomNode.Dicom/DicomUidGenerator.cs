using System.Globalization;
using System.Security.Cryptography;

namespace DicomNode.Dicom;

/// <summary>
/// Makes new UIDs (PS3.5 §9). Under the default root 2.25 a UID is a random (version 4) UUID written as
/// one unsigned decimal integer (PS3.5 §B.2); under an organization's own root it is the root, a dot and
/// a random decimal number as long as the 64-character limit (PS3.5 §9.1) leaves room for; a
/// <see cref="Derived"/> generator makes a repeatable sequence under 2.25 instead.
/// Thread-safe; randomness comes from the operating system's cryptographic generator.
/// </summary>
public sealed class DicomUidGenerator
{
    /// <summary>The root of UUID-derived UIDs (PS3.5 §B.2).</summary>
    public const string UuidRoot = "2.25";

    /// <summary>
    /// The fewest random digits a suffix may have: 24 digits are about 80 bits, so collisions stay
    /// negligible across billions of UIDs under one root.
    /// </summary>
    public const int MinSuffixDigits = 24;

    /// <summary>The most random digits: 2^128 has 39 decimal digits.</summary>
    private const int MaxSuffixDigits = 39;

    private readonly UInt128 _modulus;
    private readonly string? _seed;
    private long _derived;

    public DicomUidGenerator()
        : this(UuidRoot)
    {
    }

    /// <param name="root">An organization's UID root, such as 1.2.826.0.1.3680043.10.543, without a trailing dot.</param>
    /// <exception cref="ArgumentException">The root is not a valid UID or leaves no room for <see cref="MinSuffixDigits"/> digits.</exception>
    public DicomUidGenerator(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (root.Length == 0)
        {
            throw new ArgumentException("The UID root is empty.", nameof(root));
        }

        if (root.EndsWith('.'))
        {
            throw new ArgumentException($"The UID root '{root}' ends with a dot; give it without one.", nameof(root));
        }

        if (!DicomUidValidator.IsValid(root))
        {
            throw new ArgumentException(
                $"The UID root '{root}' is not a valid UID: it must be digits and dots, no empty component, no component with a leading zero (PS3.5 §9.1).",
                nameof(root));
        }

        var room = DicomUidValidator.MaxLength - root.Length - 1;
        if (room < MinSuffixDigits)
        {
            throw new ArgumentException(
                $"The UID root '{root}' is {root.Length} characters; at most {DicomUidValidator.MaxLength - 1 - MinSuffixDigits} leave room for a {MinSuffixDigits}-digit unique suffix within 64 characters.",
                nameof(root));
        }

        Root = root;
        SuffixDigits = Math.Min(room, MaxSuffixDigits);
        _modulus = SuffixDigits < MaxSuffixDigits ? UInt128.Parse("1" + new string('0', SuffixDigits), CultureInfo.InvariantCulture) : UInt128.MaxValue;
    }

    /// <summary>
    /// A generator whose n-th UID is <see cref="FromName"/>("<paramref name="seed"/>/n"): the same seed and the same
    /// sequence of calls give the same UIDs, e.g. so that a job analysed again after a crash writes results a
    /// receiver recognises as the ones it already has.
    /// </summary>
    public static DicomUidGenerator Derived(string seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(seed);
        return new DicomUidGenerator(UuidRoot, seed);
    }

    private DicomUidGenerator(string root, string seed)
        : this(root) => _seed = seed;

    public string Root { get; }

    /// <summary>The seed of a <see cref="Derived"/> generator; null for a random one.</summary>
    public string? Seed => _seed;

    /// <summary>The most digits of the random suffix (leading zeros are dropped, so a suffix may be shorter).</summary>
    public int SuffixDigits { get; }

    /// <summary>A new UID, unique with overwhelming probability, at most 64 characters.</summary>
    public string Generate()
    {
        if (_seed is not null)
        {
            return FromName(_seed + "/" + Interlocked.Increment(ref _derived).ToString(CultureInfo.InvariantCulture));
        }

        if (Root == UuidRoot)
        {
            return UuidRoot + "." + ToDecimal(Guid.NewGuid());
        }

        return Root + "." + RandomBelow(_modulus).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A UID under 2.25 (PS3.5 §B.2) derived from <paramref name="name"/>: the first 128 bits of its SHA-256 (UTF-8), most
    /// significant first, as an unsigned decimal. The same name always gives the same UID, e.g. for results that must not change when recomputed.
    /// </summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name), hash);
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(hash[8..]);
        return UuidRoot + "." + new UInt128(high, low).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// PS3.5 §B.2: the UUID's 128 bits, most significant first (RFC 9562 byte order), as an unsigned
    /// decimal integer without leading zeros.
    /// </summary>
    internal static string ToDecimal(Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[16];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        return new UInt128(high, low).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A uniform random number in [0, <paramref name="bound"/>), or any 128-bit value for the maximum bound.</summary>
    private static UInt128 RandomBelow(UInt128 bound)
    {
        Span<byte> bytes = stackalloc byte[16];
        if (bound == UInt128.MaxValue)
        {
            RandomNumberGenerator.Fill(bytes);
            return Read(bytes);
        }

        // Rejection sampling keeps every value equally likely: draw below the largest multiple of the bound.
        var limit = UInt128.MaxValue - (UInt128.MaxValue % bound);
        while (true)
        {
            RandomNumberGenerator.Fill(bytes);
            var value = Read(bytes);
            if (value < limit)
            {
                return value % bound;
            }
        }
    }

    private static UInt128 Read(ReadOnlySpan<byte> bytes) =>
        new(System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes), System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
}
