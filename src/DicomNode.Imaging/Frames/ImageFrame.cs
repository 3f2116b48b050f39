namespace DicomNode.Imaging.Frames;

/// <summary>
/// One 2D image as the node stacks it: a classic single-frame image, one frame of an Enhanced MR multi-frame image, or
/// one tile of a Siemens mosaic. Geometry is in patient coordinates (PS3.3 §C.7.6.2): Image Position of the frame's
/// first pixel, Image Orientation (row then column cosines) and Pixel Spacing (between rows, between columns).
/// </summary>
public sealed record ImageFrame
{
    public required string SeriesInstanceUid { get; init; }

    public required string SopInstanceUid { get; init; }

    /// <summary>The frame's number in its multi-frame source (1-based, as Referenced Frame Number counts); null for a single-frame image.</summary>
    public int? FrameNumber { get; init; }

    /// <summary>Index of the frame in the file's pixel data (0 for single-frame images and mosaics).</summary>
    public int PixelFrameIndex { get; init; }

    public int InstanceNumber { get; init; }

    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required double[] Position { get; init; }

    public required double[] Orientation { get; init; }

    public required double[] Spacing { get; init; }

    /// <summary>Spacing Between Slices, else Slice Thickness; 0 when neither is given.</summary>
    public double Thickness { get; init; }

    public DiffusionEncoding Diffusion { get; init; } = DiffusionEncoding.NotDiffusion;

    /// <summary>ImageType, or the frame's FrameType in Enhanced MR.</summary>
    public IReadOnlyList<string> ImageType { get; init; } = Array.Empty<string>();

    /// <summary>Stack ID of an Enhanced MR frame (Frame Content functional group); null for classic images.</summary>
    public string? StackId { get; init; }

    /// <summary>The frame's own Rescale Slope and Intercept (Pixel Value Transformation functional group); null where the image's apply.</summary>
    public (double Slope, double Intercept)? FrameRescale { get; init; }

    /// <summary>Where the tile lies in a mosaic image (pixels from its top-left corner); null when the frame is not a tile.</summary>
    public (int Column, int Row)? MosaicTile { get; init; }
}
