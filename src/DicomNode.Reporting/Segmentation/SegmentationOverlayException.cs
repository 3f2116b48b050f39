namespace DicomNode.Reporting.Segmentation;

/// <summary>A SEG that cannot be drawn over the source found, with the reason in words.</summary>
public sealed class SegmentationOverlayException : Exception
{
    public SegmentationOverlayException(string message)
        : base(message)
    {
    }

    public SegmentationOverlayException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
