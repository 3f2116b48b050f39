using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Nodes;

/// <summary>
/// The lymph nodes of the DWI: each 26-connected component of the node model's mask is one node ("each 3D connected
/// cluster"), measured by its minimum-volume oriented bounding box, suspicious when the short axis is above the
/// threshold as reported (<see cref="AnalysisThresholds.IsSuspicious"/>), numbered 1 … by decreasing short axis, on the
/// side of the midline most of its voxels lie on (<see cref="Side.Midline"/> on a tie). A component lying mostly inside the bone mask is not a node:
/// nodes lie in soft tissue, and on a b800 DWI a bone metastasis is as bright as a node.
/// </summary>
internal static class LymphNodeAnalyzer
{
    /// <summary>A component with more than this share of its voxels inside bone is dropped.</summary>
    public const double MaximumBoneShare = 0.5;

    /// <param name="nodeMask">The node model's mask on <paramref name="geometry"/>.</param>
    /// <param name="geometry">The DWI's geometry.</param>
    /// <param name="thresholds">The suspicious short axis.</param>
    /// <param name="midline">The patient's midline (<see cref="BoneAnalysis.Midline"/>); without bones, <see cref="Midline.Estimate"/> of none.</param>
    /// <param name="boneLabels">The post-processed bone labels on the same geometry; empty when there are none.</param>
    public static IReadOnlyList<LymphNodeFinding> Analyze(
        ReadOnlySpan<byte> nodeMask, VolumeGeometry geometry, AnalysisThresholds thresholds, Midline midline, ReadOnlySpan<byte> boneLabels = default)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(thresholds);
        ArgumentNullException.ThrowIfNull(midline);
        if (!boneLabels.IsEmpty && boneLabels.Length != nodeMask.Length)
        {
            throw new ArgumentException($"The bone labels hold {boneLabels.Length} voxels, the node mask {nodeMask.Length}.", nameof(boneLabels));
        }

        var components = ConnectedComponents.Label(nodeMask, geometry);
        var voxelVolume = RegionMeasures.VoxelVolumeMm3(geometry);
        var soft = new List<int[]>();
        foreach (var voxels in components.VoxelLists())
        {
            if (boneLabels.IsEmpty || BoneShare(voxels, boneLabels) <= MaximumBoneShare)
            {
                soft.Add(voxels);
            }
        }

        var measured = soft
            .Select(voxels => (Voxels: voxels, Box: OrientedBoundingBox.MinimumVolume(geometry, voxels)))
            .OrderByDescending(n => n.Box.ShortestSideMm)
            .ThenByDescending(n => n.Voxels.Length)
            .ThenBy(n => n.Voxels[0])
            .ToList();
        var findings = new List<LymphNodeFinding>(measured.Count);
        foreach (var (voxels, box) in measured)
        {
            findings.Add(new LymphNodeFinding(
                findings.Count + 1,
                new Region(geometry, voxels),
                voxels.Length * voxelVolume / 1000,
                box.ShortestSideMm,
                box.LongestSideMm,
                thresholds.IsSuspicious(box.ShortestSideMm),
                RegionMeasures.CentroidLps(geometry, voxels),
                midline.MajoritySide(geometry, voxels, onTie: Side.Midline)));
        }

        return findings;
    }

    private static double BoneShare(int[] voxels, ReadOnlySpan<byte> boneLabels)
    {
        var inside = 0;
        foreach (var v in voxels)
        {
            if (boneLabels[v] != 0)
            {
                inside++;
            }
        }

        return (double)inside / voxels.Length;
    }
}
