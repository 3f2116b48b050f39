using System.Text;

namespace DicomNode.Dicom.Text;

/// <summary>
/// One defined term of Specific Character Set (0008,0005), PS3.3 C.12.1.1.2: which sets it puts in G0 and G1,
/// whether it is the "ISO 2022" (code extension) form, and for the multi-byte sets without code extensions
/// (ISO_IR 192, GB18030, GBK; Table C.12-5) the encoding that decodes whole values.
/// </summary>
/// <param name="Term">The defined term as the standard spells it.</param>
/// <param name="CodeExtensions">True for the "ISO 2022 IR nnn" terms of Tables C.12-3 and C.12-4.</param>
/// <param name="G0">The set the term designates to G0, if any.</param>
/// <param name="G1">The set the term designates to G1, if any.</param>
/// <param name="CodePage">For Table C.12-5 terms, the code page of the whole-value encoding; otherwise 0.</param>
internal sealed record DefinedTerm(string Term, bool CodeExtensions, CodedCharacterSet? G0, CodedCharacterSet? G1, int CodePage = 0)
{
    /// <summary>True for the terms that never combine with code extensions (Table C.12-5).</summary>
    public bool IsWholeValueEncoding => CodePage != 0;

    public Encoding WholeValueEncoding() => CodePage == Encoding.UTF8.CodePage ? DicomEncodings.Utf8 : DicomEncodings.Get(CodePage);
}
