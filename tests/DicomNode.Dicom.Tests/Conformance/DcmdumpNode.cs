namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// One line of <c>dcmdump</c> output that stands for a data element, an item, or a fragment, with the
/// lines nested under it. Delimitation lines carry no data and are not kept.
/// </summary>
/// <param name="Tag">The tag as printed.</param>
/// <param name="VR">The two letters DCMTK printed: a VR, or its own codes such as <c>na</c>, <c>pi</c>, <c>xs</c>, <c>ox</c>, <c>??</c>.</param>
/// <param name="Value">What stood where the value goes, entities decoded: the text inside <c>[...]</c>, the bare numbers or hex, or the parenthesised description.</param>
/// <param name="IsText">True when DCMTK printed the value in brackets (a string VR).</param>
/// <param name="Length">The length DCMTK printed, or null for <c>u/l</c> (undefined).</param>
/// <param name="Line">The line number in the dump, for messages.</param>
internal sealed record DcmdumpNode(DicomTag Tag, string VR, string Value, bool IsText, uint? Length, int Line)
{
    public List<DcmdumpNode> Children { get; } = new();

    /// <summary>True for the "(no value available)" DCMTK prints for an empty value.</summary>
    public bool IsEmpty => !IsText && Value == "(no value available)";

    public override string ToString() => $"line {Line}: {Tag} {VR} {(IsText ? $"[{Value}]" : Value)}";
}
