namespace DicomNode.Dicom;

/// <summary>How a VR's value is shaped, which decides how its bytes are read, swapped and shown.</summary>
public enum DicomVRKind : byte
{
    /// <summary>Character string, possibly multi-valued with backslash.</summary>
    Text,
    /// <summary>Fixed-size binary numbers (US, SS, UL, SL, FL, FD, UV, SV, AT).</summary>
    Numeric,
    /// <summary>Other-byte/word/float streams (OB, OW, OF, OD, OL, OV, UN).</summary>
    Binary,
    /// <summary>Sequence of items.</summary>
    Sequence,
}

/// <summary>The facts of a VR from PS3.5 §6.2 and §7.1.2.</summary>
/// <param name="VR">The VR.</param>
/// <param name="Kind">How values are shaped.</param>
/// <param name="PaddingByte">Byte that pads an odd-length value to even length (space for text, NUL for UI and binary).</param>
/// <param name="HasLongLength">True when explicit VR encodings use two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).</param>
/// <param name="MaxLength">Maximum value length in bytes (or characters for text VRs marked so in PS3.5), 0 when unbounded.</param>
/// <param name="UnitSize">Bytes per value for numeric and word-swapped binary VRs (2, 4, 8), 1 for byte streams and text.</param>
/// <param name="UsesCharacterSet">True when Specific Character Set (0008,0005) applies to the value (PS3.5 §6.1.2.3).</param>
/// <param name="IsMultiValued">True when backslash separates values (all text VRs but LT, ST, UT, UR).</param>
public sealed record DicomVRInfo(
    DicomVR VR,
    DicomVRKind Kind,
    byte PaddingByte,
    bool HasLongLength,
    uint MaxLength,
    int UnitSize,
    bool UsesCharacterSet,
    bool IsMultiValued)
{
    private const byte Space = 0x20;
    private const byte Nul = 0x00;

    private static readonly DicomVRInfo[] Table = Build();

    /// <summary>The facts of <paramref name="vr"/>.</summary>
    public static DicomVRInfo Of(DicomVR vr) => Table[(int)vr];

    /// <summary>Every VR of PS3.5 with its facts, in alphabetical order.</summary>
    public static IReadOnlyList<DicomVRInfo> All { get; } = Table.Skip(1).ToArray();

    /// <summary>Parses the two-character VR code used in explicit VR encodings.</summary>
    public static bool TryParse(ReadOnlySpan<byte> code, out DicomVR vr)
    {
        vr = DicomVR.None;
        if (code.Length != 2)
        {
            return false;
        }

        var c0 = code[0];
        var c1 = code[1];
        if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z')
        {
            return false;
        }

        vr = CodeTable[(c0 - 'A') * 26 + (c1 - 'A')];
        return vr != DicomVR.None;
    }

    public static bool TryParse(string code, out DicomVR vr)
    {
        vr = DicomVR.None;
        return code.Length == 2 && TryParse(stackalloc byte[] { (byte)code[0], (byte)code[1] }, out vr);
    }

    /// <summary>The two ASCII bytes of the VR code.</summary>
    public static ReadOnlySpan<byte> CodeBytes(DicomVR vr) => Codes[(int)vr];

    private static readonly byte[][] Codes = Enum.GetValues<DicomVR>()
        .Select(vr => vr == DicomVR.None ? new byte[] { 0, 0 } : System.Text.Encoding.ASCII.GetBytes(vr.ToString()))
        .ToArray();

    private static readonly DicomVR[] CodeTable = BuildCodeTable();

    private static DicomVR[] BuildCodeTable()
    {
        var table = new DicomVR[26 * 26];
        foreach (var vr in Enum.GetValues<DicomVR>())
        {
            if (vr == DicomVR.None)
            {
                continue;
            }

            var name = vr.ToString();
            table[(name[0] - 'A') * 26 + (name[1] - 'A')] = vr;
        }

        return table;
    }

    private static DicomVRInfo[] Build()
    {
        // PS3.5 Table 6.2-1 (maximum lengths, character repertoire) and Table 7.1-1/7.1-2 (length field size).
        var rows = new[]
        {
            new DicomVRInfo(DicomVR.None, DicomVRKind.Binary, Nul, false, 0, 1, false, false),
            Text(DicomVR.AE, 16, charset: false),
            Text(DicomVR.AS, 4, charset: false),
            Number(DicomVR.AT, 4),
            Text(DicomVR.CS, 16, charset: false),
            Text(DicomVR.DA, 8, charset: false),
            Text(DicomVR.DS, 16, charset: false),
            Text(DicomVR.DT, 26, charset: false),
            Number(DicomVR.FD, 8),
            Number(DicomVR.FL, 4),
            Text(DicomVR.IS, 12, charset: false),
            Text(DicomVR.LO, 64, charset: true),
            Text(DicomVR.LT, 10240, charset: true, multi: false),
            Other(DicomVR.OB, 1),
            Other(DicomVR.OD, 8),
            Other(DicomVR.OF, 4),
            Other(DicomVR.OL, 4),
            Other(DicomVR.OV, 8),
            Other(DicomVR.OW, 2),
            Text(DicomVR.PN, 64 * 3 + 2, charset: true),
            Text(DicomVR.SH, 16, charset: true),
            Number(DicomVR.SL, 4),
            new DicomVRInfo(DicomVR.SQ, DicomVRKind.Sequence, Nul, true, 0, 1, false, false),
            Number(DicomVR.SS, 2),
            Text(DicomVR.ST, 1024, charset: true, multi: false),
            Number(DicomVR.SV, 8, longLength: true),
            Text(DicomVR.TM, 14, charset: false),
            Text(DicomVR.UC, 0, charset: true, longLength: true),
            new DicomVRInfo(DicomVR.UI, DicomVRKind.Text, Nul, false, 64, 1, false, true),
            Number(DicomVR.UL, 4),
            Other(DicomVR.UN, 1),
            Text(DicomVR.UR, 0, charset: false, multi: false, longLength: true),
            Number(DicomVR.US, 2),
            Text(DicomVR.UT, 0, charset: true, multi: false, longLength: true),
            Number(DicomVR.UV, 8, longLength: true),
        };

        for (var i = 0; i < rows.Length; i++)
        {
            if ((int)rows[i].VR != i)
            {
                throw new InvalidOperationException($"VR table out of order at {rows[i].VR}.");
            }
        }

        return rows;

        static DicomVRInfo Text(DicomVR vr, uint max, bool charset, bool multi = true, bool longLength = false) =>
            new(vr, DicomVRKind.Text, Space, longLength, max, 1, charset, multi);

        static DicomVRInfo Number(DicomVR vr, int size, bool longLength = false) =>
            new(vr, DicomVRKind.Numeric, Nul, longLength, 0, size, false, false);

        static DicomVRInfo Other(DicomVR vr, int size) =>
            new(vr, DicomVRKind.Binary, Nul, true, 0, size, false, false);
    }
}
