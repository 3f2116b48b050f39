using DicomNode.Rendering;

namespace DicomNode.Reporting.Segmentation;

/// <summary>A drawn SEG overlay: the PNG, the source image it is drawn on, and the segments found there.</summary>
/// <param name="Slice">Zero-based index of the source image in its stacked volume.</param>
public sealed record SegmentationOverlayPicture(
    byte[] Png, int Width, int Height, string SourceInstanceUid, int? SourceFrame, int Slice, IReadOnlyList<SegmentationOverlaySegment> Segments)
{
    /// <summary>Writes the PNG to <paramref name="path"/>, whole or not at all, creating the folder.</summary>
    public void Save(string path) => PngImage.Write(path, Png);
}
