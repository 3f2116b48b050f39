namespace DicomNode.Imaging.Frames;

/// <summary>The frames of one file, or the reason the file gives none the node can stack.</summary>
public sealed record FrameReading(IReadOnlyList<ImageFrame> Frames, string? SkipReason)
{
    public static FrameReading Skip(string reason) => new(Array.Empty<ImageFrame>(), reason);

    public bool IsSkipped => SkipReason is not null;
}
