using System.Text;

namespace DicomNode.Dicom.Text;

/// <summary>
/// The character set of a dataset's text values, given by Specific Character Set (0008,0005):
/// the default repertoire, single-byte sets with or without ISO 2022 code extensions, the ISO 2022
/// multi-byte sets for Japanese, Korean and Chinese, and UTF-8, GB18030 and GBK
/// (PS3.3 C.12.1.1.2, PS3.5 §6.1). Instances are immutable and thread-safe.
/// </summary>
public sealed class DicomCharacterSet
{
    /// <summary>The default repertoire, ISO-IR 6 (PS3.5 §6.1.2.2), used when (0008,0005) is absent or empty.</summary>
    public static readonly DicomCharacterSet Default = new([], [], DefinedTerms.Default, null);

    private readonly DefinedTerm _first;
    private readonly Encoding? _wholeValueEncoding;
    private readonly Iso2022Context? _iso2022;

    private DicomCharacterSet(IReadOnlyList<string> terms, IReadOnlyList<string> unknownTerms, DefinedTerm first, Iso2022Context? iso2022)
    {
        Terms = terms;
        UnknownTerms = unknownTerms;
        _first = first;
        _iso2022 = iso2022;
        _wholeValueEncoding = first.IsWholeValueEncoding ? first.WholeValueEncoding() : null;
    }

    /// <summary>
    /// The character set of the values of Specific Character Set (0008,0005). Leading and trailing spaces (and
    /// NULs) of each value are ignored, as are case, '_' and '-' differences from the defined terms. Never throws:
    /// terms it does not know are listed in <see cref="UnknownTerms"/> and otherwise ignored; an unknown first
    /// term reads as the default repertoire.
    /// </summary>
    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var trimmed = terms.Select(t => (t ?? string.Empty).Trim(' ', '\0')).ToArray();
        if (trimmed.Length == 0 || (trimmed.Length == 1 && trimmed[0].Length == 0))
        {
            return trimmed.Length == 0 ? Default : new DicomCharacterSet(trimmed, [], DefinedTerms.Default, null);
        }

        var unknown = new List<string>();
        var known = new List<DefinedTerm>();
        foreach (var term in trimmed)
        {
            if (DefinedTerms.Find(term) is { } found)
            {
                known.Add(found);
            }
            else
            {
                unknown.Add(term);
            }
        }

        var first = DefinedTerms.Find(trimmed[0]) ?? DefinedTerms.Default;

        // Table C.12-5 sets do not combine with code extensions; other values beside them are ignored.
        // A single value without "ISO 2022" uses no code extensions (PS3.5 §6.1.2.4); anything else does,
        // reading an "ISO_IR nnn" among several values as its "ISO 2022 IR nnn" form.
        var iso2022 = first.IsWholeValueEncoding || (trimmed.Length == 1 && !first.CodeExtensions)
            ? null
            : new Iso2022Context(first, known.Where(t => !t.IsWholeValueEncoding).ToArray());
        return new DicomCharacterSet(trimmed, unknown, first, iso2022);
    }

    /// <summary>The values of (0008,0005) this set was made from, trimmed; empty for <see cref="Default"/>.</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>The terms that are not defined terms of PS3.3 C.12.1.1.2; they were ignored.</summary>
    public IReadOnlyList<string> UnknownTerms { get; }

    /// <summary>True when values are read and written with ISO 2022 code extensions (PS3.5 §6.1.2.5).</summary>
    public bool UsesCodeExtensions => _iso2022 is not null;

    /// <summary>
    /// The text of a value's bytes, padding included (nothing is trimmed). VRs whose values do not use the
    /// character set (<see cref="DicomVRInfo.UsesCharacterSet"/>) are read byte for byte as ISO 8859-1, as are
    /// bytes above 0x7F in the default repertoire. Never throws: invalid bytes become U+FFFD.
    /// </summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (bytes.IsEmpty)
        {
            return string.Empty;
        }

        if (!DicomVRInfo.Of(vr).UsesCharacterSet)
        {
            return Encoding.Latin1.GetString(bytes);
        }

        if (_iso2022 is not null)
        {
            return Iso2022Decoder.Decode(bytes, _iso2022, TextDelimiters.For(vr));
        }

        if (_wholeValueEncoding is not null)
        {
            return _wholeValueEncoding.GetString(bytes);
        }

        return _first.G1 is { } upper ? DecodeSingleByte(bytes, upper) : Encoding.Latin1.GetString(bytes);
    }

    /// <summary>
    /// The bytes of <paramref name="text"/> (no padding added). Characters the character set cannot represent
    /// become '?'; in the default repertoire and in VRs that do not use the character set that is every
    /// character beyond ISO 646 (respectively ISO 8859-1).
    /// </summary>
    public byte[] Encode(string text, DicomVR vr)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!DicomVRInfo.Of(vr).UsesCharacterSet)
        {
            return Encoding.Latin1.GetBytes(text);
        }

        if (_iso2022 is not null)
        {
            return Iso2022Encoder.Encode(text, _iso2022, TextDelimiters.For(vr));
        }

        if (_wholeValueEncoding is not null)
        {
            return _wholeValueEncoding.GetBytes(text);
        }

        return EncodeSingleByte(text, _first.G1);
    }

    /// <summary>True when <paramref name="text"/> survives <see cref="Encode"/> and <see cref="Decode"/> unchanged.</summary>
    public bool CanEncode(string text, DicomVR vr) => Decode(Encode(text, vr), vr) == text;

    public override string ToString() => Terms.Count == 0 ? "(default repertoire)" : string.Join('\\', Terms);

    private static string DecodeSingleByte(ReadOnlySpan<byte> bytes, CodedCharacterSet set)
    {
        Span<char> chars = bytes.Length <= 512 ? stackalloc char[bytes.Length] : new char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = set.DecodeByte(bytes[i]);
        }

        return new string(chars);
    }

    private static byte[] EncodeSingleByte(string text, CodedCharacterSet? set)
    {
        var output = new List<byte>(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value < 0x80)
            {
                output.Add((byte)rune.Value);
            }
            else
            {
                output.Add(set is not null && rune.IsBmp && set.TryEncode((char)rune.Value, out var code) ? (byte)code : (byte)'?');
            }
        }

        return output.ToArray();
    }
}
