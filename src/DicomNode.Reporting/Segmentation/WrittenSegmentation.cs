using DicomNode.Dicom;

namespace DicomNode.Reporting.Segmentation;

/// <summary>A SEG instance ready to store or send, and the references the SR makes to it.</summary>
public sealed record WrittenSegmentation(DicomFile File, SegmentationReference Reference)
{
    /// <summary>Whether the object holds the bones or the lesions (metastases and lymph nodes) of its series.</summary>
    public SegmentationContent Content { get; init; }
}
