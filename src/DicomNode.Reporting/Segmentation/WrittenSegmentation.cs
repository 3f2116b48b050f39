using DicomNode.Dicom;

namespace DicomNode.Reporting.Segmentation;

/// <summary>A SEG instance ready to store or send, and the references the SR makes to it.</summary>
public sealed record WrittenSegmentation(DicomFile File, SegmentationReference Reference);
