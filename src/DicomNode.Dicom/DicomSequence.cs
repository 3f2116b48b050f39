namespace DicomNode.Dicom;

/// <summary>A sequence of items (VR SQ, PS3.5 §7.5), each item a nested data set.</summary>
public sealed class DicomSequence : DicomElement
{
    public DicomSequence(DicomTag tag, IEnumerable<DicomDataset>? items = null)
        : base(tag, DicomVR.SQ)
    {
        Items = items is null ? new List<DicomDataset>() : new List<DicomDataset>(items);
    }

    public List<DicomDataset> Items { get; }

    public override string ToString() => $"{Tag} SQ, {Items.Count} item(s)";
}
