using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Nodes;

/// <summary>
/// A box in patient space (LPS, mm) with its own orthonormal axes, ordered by side length ascending: the method measures
/// a lymph node's short and long axis as the shortest and longest side of its minimum-volume oriented bounding box.
/// </summary>
public sealed record OrientedBoundingBox(
    (double X, double Y, double Z) CentreLps,
    IReadOnlyList<(double X, double Y, double Z)> Axes,
    IReadOnlyList<double> SidesMm)
{
    public double ShortestSideMm => SidesMm[0];

    public double LongestSideMm => SidesMm[^1];

    public double VolumeMm3 => SidesMm[0] * SidesMm[1] * SidesMm[2];

    /// <summary>
    /// The minimum-volume oriented bounding box of a set of voxels of <paramref name="geometry"/> (indices, i fastest).
    /// A side along unit axis u is the extent of the voxel centres along u plus the width of one voxel seen along u,
    /// Σ<sub>m</sub> |a<sub>m</sub>·u| s<sub>m</sub> over the grid axes a<sub>m</sub> with spacings s<sub>m</sub>, so one voxel
    /// measures as itself and a rasterised box as the box. The search: PCA axes, the grid's axes and a sweep of about three
    /// thousand orientations, each refined by a pattern search over rotations down to 0.005°; see
    /// <see cref="MinimumVolumeBoxSearch"/> for the accuracy.
    /// </summary>
    public static OrientedBoundingBox MinimumVolume(VolumeGeometry geometry, ReadOnlySpan<int> voxels) =>
        new MinimumVolumeBoxSearch(geometry, voxels).Run();
}
