namespace DicomNode.Dicom.Text;

/// <summary>
/// One graphic character set of PS3.3 C.12.1.1.2 (Tables C.12-3 and C.12-4) as ISO 2022 sees it: the code
/// element it is designated to, its designation escape sequence and a lazily built code table.
/// Single-byte sets map all 256 byte values (the lower half being ISO 646); double-byte sets map the
/// 94 × 94 cells addressed by two bytes 0x21–0x7E (ORed with 0x80 when invoked in GR).
/// </summary>
internal sealed class CodedCharacterSet
{
    private const int Cells = 94;

    private readonly Lazy<char[]> _table;
    private readonly Lazy<Dictionary<char, ushort>> _reverse;

    public CodedCharacterSet(string name, CodeElement element, int bytesPerChar, byte[] escape, Func<char[]> buildTable)
    {
        Name = name;
        Element = element;
        BytesPerChar = bytesPerChar;
        Escape = escape;
        _table = new Lazy<char[]>(buildTable, LazyThreadSafetyMode.ExecutionAndPublication);
        _reverse = new Lazy<Dictionary<char, ushort>>(BuildReverse, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>A short description, for diagnostics.</summary>
    public string Name { get; }

    public CodeElement Element { get; }

    /// <summary>1 or 2.</summary>
    public int BytesPerChar { get; }

    /// <summary>The designation escape sequence, ESC included.</summary>
    public byte[] Escape { get; }

    /// <summary>The character of a single byte (any of 0x00–0xFF); U+FFFD where unassigned.</summary>
    public char DecodeByte(byte b) => _table.Value[b];

    /// <summary>The character of a double-byte code; both bytes are taken modulo 0x80 and must then be 0x21–0x7E.</summary>
    public char DecodePair(byte first, byte second)
    {
        var row = (first & 0x7F) - 0x21;
        var cell = (second & 0x7F) - 0x21;
        return (uint)row < Cells && (uint)cell < Cells ? _table.Value[row * Cells + cell] : DicomEncodings.Replacement;
    }

    /// <summary>
    /// The code of <paramref name="c"/>: the byte for single-byte sets, or first byte × 256 + second byte
    /// with both bytes in 0x21–0x7E for double-byte sets.
    /// </summary>
    public bool TryEncode(char c, out ushort code) => _reverse.Value.TryGetValue(c, out code);

    public override string ToString() => Name;

    private Dictionary<char, ushort> BuildReverse()
    {
        var table = _table.Value;
        var reverse = new Dictionary<char, ushort>(table.Length);
        for (var i = 0; i < table.Length; i++)
        {
            var c = table[i];
            if (c == DicomEncodings.Replacement)
            {
                continue;
            }

            var code = BytesPerChar == 1 ? (ushort)i : (ushort)(((i / Cells) + 0x21) << 8 | ((i % Cells) + 0x21));
            reverse.TryAdd(c, code); // the lowest code wins where a table repeats a character
        }

        return reverse;
    }

    /// <summary>A single-byte table: ISO 646 in 0x00–0x7F and <paramref name="upper"/> for 0x80–0xFF.</summary>
    public static char[] SingleByteTable(Func<byte, char> upper)
    {
        var table = new char[256];
        for (var b = 0; b < 256; b++)
        {
            table[b] = b < 0x80 ? (char)b : upper((byte)b);
        }

        return table;
    }

    /// <summary>A double-byte table whose cell (row, cell) is given by <paramref name="decode"/> of the GL bytes.</summary>
    public static char[] DoubleByteTable(Func<byte, byte, char> decode)
    {
        var table = new char[Cells * Cells];
        for (var row = 0; row < Cells; row++)
        {
            for (var cell = 0; cell < Cells; cell++)
            {
                table[row * Cells + cell] = decode((byte)(row + 0x21), (byte)(cell + 0x21));
            }
        }

        return table;
    }
}
