using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Nodes;

/// <summary>
/// The lymph nodes of the DWI: each 26-connected component of the node model's mask is one node ("each 3D connected
/// cluster"), measured by its minimum-volume oriented bounding box, suspicious when the short axis is above the
/// threshold, numbered 1 … by decreasing short axis.
/// </summary>
internal static class LymphNodeAnalyzer
{
    public static IReadOnlyList<LymphNodeFinding> Analyze(ReadOnlySpan<byte> nodeMask, VolumeGeometry geometry, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(thresholds);
        var components = ConnectedComponents.Label(nodeMask, geometry);
        var voxelVolume = RegionMeasures.VoxelVolumeMm3(geometry);
        var measured = components.VoxelLists()
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
                box.ShortestSideMm > thresholds.SuspiciousShortAxisMm,
                RegionMeasures.CentroidLps(geometry, voxels)));
        }

        return findings;
    }
}
