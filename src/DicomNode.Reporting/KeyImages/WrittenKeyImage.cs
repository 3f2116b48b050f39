using DicomNode.Dicom;

namespace DicomNode.Reporting.KeyImages;

/// <summary>One key image: the Secondary Capture instance, what it shows (its title) and the picture as PNG (for the PDF report).</summary>
public sealed record WrittenKeyImage(DicomFile File, string Title, RenderedImage Picture);
