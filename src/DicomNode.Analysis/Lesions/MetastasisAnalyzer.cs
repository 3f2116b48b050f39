using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Lesions;

/// <summary>
/// The metastases of one series: the 26-connected components of the metastasis model's mask inside the post-processed
/// bone mask (the cascade's rule: a metastasis lies in bone), of at least the threshold volume, each located in the bone
/// finding it overlaps most, numbered 1 … by decreasing volume. The side of a lesion in a paired bone is the side of the
/// midline most of its voxels lie on (a tie: the side of its bone finding); a lesion in a midline bone has
/// <see cref="Side.Midline"/>, as the bone's code carries no laterality.
/// </summary>
internal static class MetastasisAnalyzer
{
    // Voxel volumes are products of decimal spacings; a lesion of exactly the threshold volume must not fall below it by
    // a rounding error in the last bit.
    private const double VolumeTolerance = 1e-9;

    public static IReadOnlyList<MetastasisFinding> Analyze(
        ReadOnlySpan<byte> metastasisMask, VolumeGeometry geometry, BoneAnalysis bones, AdcSampler? adc, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(bones);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (metastasisMask.Length != geometry.VoxelCount || bones.Labels.Length != geometry.VoxelCount)
        {
            throw new ArgumentException("The metastasis mask and the bone labels must both cover the series geometry.", nameof(metastasisMask));
        }

        var inBone = new byte[metastasisMask.Length];
        for (var v = 0; v < inBone.Length; v++)
        {
            inBone[v] = metastasisMask[v] != 0 && bones.Labels[v] != 0 ? (byte)1 : (byte)0;
        }

        var components = ConnectedComponents.Label(inBone, geometry);
        if (components.Count == 0)
        {
            return [];
        }

        var voxelVolume = RegionMeasures.VoxelVolumeMm3(geometry);
        var locator = new LesionLocator(geometry, bones.Findings);
        var lesions = new List<(int[] Voxels, double Volume)>();
        foreach (var voxels in components.VoxelLists())
        {
            var volume = voxels.Length * voxelVolume / 1000;
            if (volume >= thresholds.MinimumMetastasisVolumeCm3 - VolumeTolerance)
            {
                lesions.Add((voxels, volume));
            }
        }

        var findings = new List<MetastasisFinding>(lesions.Count);
        var number = 0;
        foreach (var (voxels, volume) in lesions.OrderByDescending(l => l.Voxels.Length).ThenBy(l => l.Voxels[0]))
        {
            var centroid = RegionMeasures.CentroidLps(geometry, voxels);
            var bone = locator.Locate(voxels, centroid);
            var side = BonePostProcessor.IsMidline(bone.Bone) ? Side.Midline : bones.Midline.MajoritySide(geometry, voxels, onTie: bone.Side);
            findings.Add(new MetastasisFinding(
                ++number, bone.Bone, side, new Region(geometry, voxels), volume, adc?.Mean(geometry, voxels), centroid));
        }

        return findings;
    }
}
