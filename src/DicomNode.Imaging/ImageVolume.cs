using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging;

/// <summary>Real-valued voxels (rescale slope and intercept applied) on a grid in patient space, i fastest.</summary>
public sealed record ImageVolume(VolumeGeometry Geometry, float[] Voxels)
{
    /// <summary>Where the voxels came from: the series, and for split multi-b-value series the b-value.</summary>
    public string? SeriesInstanceUid { get; init; }

    public double? BValue { get; init; }

    /// <summary>The diffusion encoding shared by the volume's slices (b-value, trace or one gradient direction); null for volumes not built from a series.</summary>
    public Frames.DiffusionEncoding? Diffusion { get; init; }

    /// <summary>SOP Instance UIDs of the source slices in k order, for derivation references.</summary>
    public IReadOnlyList<string> SourceInstanceUids { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The frame number of each source slice in its multi-frame image, in k order (Referenced Frame Number, PS3.3
    /// §C.7.6.16.2.6); null entries for single-frame sources. Empty when the volume was not built from a series.
    /// </summary>
    public IReadOnlyList<int?> SourceFrameNumbers { get; init; } = Array.Empty<int?>();

    /// <summary>What stacking the slices found (spacing between slices, gaps, irregularities); null for volumes not built from a series.</summary>
    public Series.GeometryReport? Report { get; init; }
}
