namespace DicomNode.Dicom.Text;

/// <summary>
/// The graphic character sets DICOM names in PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-4), with the ISO 2022
/// escape sequences that designate them (PS3.5 §6.1.2.5 and Annex H, I, J, K examples).
/// </summary>
internal static class CodedCharacterSets
{
    private const byte Esc = 0x1B;

    /// <summary>ISO-IR 6 (ISO 646 / ASCII) in G0: ESC ( B.</summary>
    public static readonly CodedCharacterSet Ascii = new("ISO-IR 6", CodeElement.G0, 1, [Esc, (byte)'(', (byte)'B'],
        () => CodedCharacterSet.SingleByteTable(_ => DicomEncodings.Replacement));

    /// <summary>
    /// ISO-IR 14 (JIS X 0201 romaji) in G0: ESC ( J. Decoded as ISO 646: 0x5C stays REVERSE SOLIDUS rather than
    /// YEN SIGN because DICOM uses it as the value delimiter in every character set (PS3.5 §6.1.3).
    /// </summary>
    public static readonly CodedCharacterSet JisRomaji = new("ISO-IR 14 (JIS X 0201 romaji)", CodeElement.G0, 1, [Esc, (byte)'(', (byte)'J'],
        () => CodedCharacterSet.SingleByteTable(_ => DicomEncodings.Replacement));

    /// <summary>ISO-IR 13 (JIS X 0201 katakana) in G1: ESC ) I; 0xA1–0xDF are the half-width katakana U+FF61–U+FF9F.</summary>
    public static readonly CodedCharacterSet JisKatakana = new("ISO-IR 13 (JIS X 0201 katakana)", CodeElement.G1, 1, [Esc, (byte)')', (byte)'I'],
        () => CodedCharacterSet.SingleByteTable(b => b is >= 0xA1 and <= 0xDF ? (char)(0xFF61 + (b - 0xA1)) : DicomEncodings.Replacement));

    public static readonly CodedCharacterSet Latin1 = Iso8859("ISO-IR 100 (ISO 8859-1)", 'A', 28591);
    public static readonly CodedCharacterSet Latin2 = Iso8859("ISO-IR 101 (ISO 8859-2)", 'B', 28592);
    public static readonly CodedCharacterSet Latin3 = Iso8859("ISO-IR 109 (ISO 8859-3)", 'C', 28593);
    public static readonly CodedCharacterSet Latin4 = Iso8859("ISO-IR 110 (ISO 8859-4)", 'D', 28594);
    public static readonly CodedCharacterSet Cyrillic = Iso8859("ISO-IR 144 (ISO 8859-5)", 'L', 28595);
    public static readonly CodedCharacterSet Arabic = Iso8859("ISO-IR 127 (ISO 8859-6)", 'G', 28596);
    public static readonly CodedCharacterSet Greek = Iso8859("ISO-IR 126 (ISO 8859-7)", 'F', 28597);
    public static readonly CodedCharacterSet Hebrew = Iso8859("ISO-IR 138 (ISO 8859-8)", 'H', 28598);
    public static readonly CodedCharacterSet Latin5 = Iso8859("ISO-IR 148 (ISO 8859-9)", 'M', 28599);
    public static readonly CodedCharacterSet Latin9 = Iso8859("ISO-IR 203 (ISO 8859-15)", 'b', 28605);

    /// <summary>
    /// ISO-IR 166 (TIS 620-2533, the upper half of ISO 8859-11) in G1: ESC - T. Code page 874 adds Windows
    /// characters in 0x80–0x9F, which are C1 controls in TIS 620, so that range is mapped 1:1.
    /// </summary>
    public static readonly CodedCharacterSet Thai = new("ISO-IR 166 (TIS 620)", CodeElement.G1, 1, [Esc, (byte)'-', (byte)'T'],
        () =>
        {
            var encoding = DicomEncodings.Get(874);
            return CodedCharacterSet.SingleByteTable(b => b < 0xA0 ? (char)b : DicomEncodings.DecodeOne(encoding, [b]));
        });

    /// <summary>ISO-IR 87 (JIS X 0208) in G0: ESC $ B; decoded through EUC-JP (code page 20932), whose GR pairs are JIS X 0208.</summary>
    public static readonly CodedCharacterSet JisX0208 = new("ISO-IR 87 (JIS X 0208)", CodeElement.G0, 2, [Esc, (byte)'$', (byte)'B'],
        () => EucTable(20932));

    /// <summary>ISO-IR 159 (JIS X 0212) in G0: ESC $ ( D; from the generated <see cref="JisX0212Table"/>.</summary>
    public static readonly CodedCharacterSet JisX0212 = new("ISO-IR 159 (JIS X 0212)", CodeElement.G0, 2, [Esc, (byte)'$', (byte)'(', (byte)'D'],
        () => CodedCharacterSet.DoubleByteTable((first, second) =>
            JisX0212Table.Rows.TryGetValue(first - 0x21, out var row) ? row[second - 0x21] : DicomEncodings.Replacement));

    /// <summary>ISO-IR 149 (KS X 1001) in G1: ESC $ ) C; decoded through code page 949, whose GR pairs are KS X 1001.</summary>
    public static readonly CodedCharacterSet KsX1001 = new("ISO-IR 149 (KS X 1001)", CodeElement.G1, 2, [Esc, (byte)'$', (byte)')', (byte)'C'],
        () => EucTable(949));

    /// <summary>
    /// ISO-IR 58 (GB 2312) in G1: ESC $ ) A; decoded through code page 936 (GBK, whose GR pairs include GB 2312),
    /// with the two cells where GBK departs from the GB 2312 mapping set back (0x2124 U+30FB, 0x212A U+2015).
    /// </summary>
    public static readonly CodedCharacterSet Gb2312 = new("ISO-IR 58 (GB 2312)", CodeElement.G1, 2, [Esc, (byte)'$', (byte)')', (byte)'A'],
        () =>
        {
            var table = EucTable(936);
            table[0 * 94 + 3] = '\u30FB';
            table[0 * 94 + 9] = '\u2015';
            return table;
        });

    /// <summary>Every set that an escape sequence can designate.</summary>
    public static IReadOnlyList<CodedCharacterSet> All { get; } =
    [
        Ascii, JisRomaji, JisKatakana, Latin1, Latin2, Latin3, Latin4, Cyrillic, Arabic, Greek, Hebrew, Latin5, Latin9,
        Thai, JisX0208, JisX0212, KsX1001, Gb2312,
    ];

    /// <summary>
    /// The set designated by an escape sequence (ESC excluded from <paramref name="sequence"/>). Besides the
    /// sequences of PS3.3 Table C.12-3/C.12-4, the older JIS X 0208 designations ESC $ @ and ESC $ ( B are read.
    /// </summary>
    public static CodedCharacterSet? FromEscape(ReadOnlySpan<byte> sequence)
    {
        foreach (var set in All)
        {
            if (sequence.SequenceEqual(set.Escape.AsSpan(1)))
            {
                return set;
            }
        }

        return sequence.SequenceEqual("$@"u8) || sequence.SequenceEqual("$(B"u8) ? JisX0208 : null;
    }

    private static CodedCharacterSet Iso8859(string name, char final, int codePage) =>
        new(name, CodeElement.G1, 1, [Esc, (byte)'-', (byte)final], () =>
        {
            var encoding = DicomEncodings.Get(codePage);
            return CodedCharacterSet.SingleByteTable(b => DicomEncodings.DecodeOne(encoding, [b]));
        });

    private static char[] EucTable(int codePage)
    {
        var encoding = DicomEncodings.Get(codePage);
        return CodedCharacterSet.DoubleByteTable((first, second) =>
            DicomEncodings.DecodeOne(encoding, [(byte)(first | 0x80), (byte)(second | 0x80)]));
    }
}
