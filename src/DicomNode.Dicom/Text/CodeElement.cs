namespace DicomNode.Dicom.Text;

/// <summary>The ISO 2022 code element a graphic character set is designated to (PS3.5 §6.1.2.5, Figure 6.1-1).</summary>
internal enum CodeElement : byte
{
    /// <summary>G0, invoked in GL (bytes 0x21–0x7E).</summary>
    G0,

    /// <summary>G1, invoked in GR (bytes 0xA1–0xFE, or 0xA0–0xFF for 96-character sets).</summary>
    G1,
}
