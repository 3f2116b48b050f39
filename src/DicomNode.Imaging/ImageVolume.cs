using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging;

/// <summary>Real-valued voxels (rescale slope and intercept applied) on a grid in patient space, i fastest.</summary>
public sealed record ImageVolume(VolumeGeometry Geometry, float[] Voxels)
{
    /// <summary>Where the voxels came from: the series, and for split multi-b-value series the b-value.</summary>
    public string? SeriesInstanceUid { get; init; }

    public double? BValue { get; init; }

    /// <summary>SOP Instance UIDs of the source slices in k order, for derivation references.</summary>
    public IReadOnlyList<string> SourceInstanceUids { get; init; } = Array.Empty<string>();

    /// <summary>What stacking the slices found (spacing between slices, gaps, irregularities); null for volumes not built from a series.</summary>
    public Series.GeometryReport? Report { get; init; }
}
