namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>A parsed <c>dcmdump</c> output: the meta information section and the data set section.</summary>
internal sealed class DcmdumpDocument
{
    public List<DcmdumpNode> MetaInformation { get; } = new();

    public List<DcmdumpNode> Dataset { get; } = new();

    /// <summary>The "# Used TransferSyntax:" line of the data set section.</summary>
    public string? DatasetTransferSyntax { get; set; }
}
