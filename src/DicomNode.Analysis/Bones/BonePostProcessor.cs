using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Bones;

/// <summary>
/// The method's bone post-processing with sides decided voxel by voxel: the largest connected component of each
/// midline bone (1 lumbar vertebra, 2 sacrococcyx) is kept; the patient's midline is estimated from them
/// (<see cref="Midline"/>); every voxel of a paired bone (labels 3–8) takes the side of the midline it lies on, and of
/// each paired label the two largest connected components of one side each are kept — so a bone the model labelled as
/// one piece across the midline (both pubic bones joined at the symphysis) still gives a left and a right finding.
/// Everything else becomes background.
/// </summary>
/// <remarks>
/// Sides are decided in patient coordinates (LPS: +X is the patient's left), so rotated and oblique grids need no
/// special case. Components are formed after the split, so none crosses the midline; the method's "two largest
/// components of a paired bone" is applied to them, which keeps two components of one side when the model found the
/// bone on one side only (a fragment where the other side was missed): two findings with that side rather than an
/// invented opposite.
/// </remarks>
internal static class BonePostProcessor
{
    /// <summary>Paired labels on the patient's left are held as label + this during the split (3–8 right, 11–16 left).</summary>
    private const byte LeftOffset = 8;

    /// <summary>Post-processes the bone model's labels (0–8) of one series.</summary>
    /// <exception cref="ArgumentException">The labels do not fit the geometry, or hold a value above 8.</exception>
    public static BoneAnalysis Process(ReadOnlySpan<byte> boneLabels, VolumeGeometry geometry, Connectivity connectivity = Connectivity.FacesEdgesCorners)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (boneLabels.Length != geometry.VoxelCount)
        {
            throw new ArgumentException($"The bone labels hold {boneLabels.Length} voxels; the geometry has {geometry.VoxelCount}.", nameof(boneLabels));
        }

        var midlineOnly = new byte[boneLabels.Length];
        var paired = new List<int>();
        for (var v = 0; v < boneLabels.Length; v++)
        {
            var label = boneLabels[v];
            if (label > 8)
            {
                throw new ArgumentException($"Bone labels are 0–8; the volume holds {label}.", nameof(boneLabels));
            }

            if (label is 1 or 2)
            {
                midlineOnly[v] = label;
            }
            else if (label != 0)
            {
                paired.Add(v);
            }
        }

        // Midline bones first: the largest component of each; the midline is fitted through what is kept.
        var kept = new List<(Bone Bone, Side Side, int[] Voxels)>();
        var midlineComponents = ConnectedComponents.LabelByValue(midlineOnly, geometry, connectivity);
        var midlineLists = midlineComponents.VoxelLists();
        foreach (var bone in new[] { Bone.LumbarVertebra, Bone.Sacrococcyx })
        {
            var largest = Enumerable.Range(1, midlineComponents.Count)
                .Where(c => midlineComponents.Value(c) == (byte)bone)
                .OrderByDescending(midlineComponents.Size)
                .ThenBy(c => c)
                .Take(1);
            kept.AddRange(largest.Select(c => (bone, Side.Midline, midlineLists[c - 1])));
        }

        var midline = Midline.Estimate(geometry, kept.SelectMany(k => k.Voxels).ToList(), paired);

        // Paired bones: split at the midline voxel by voxel, then the two largest components per label.
        var sides = midline.ForGrid(geometry);
        var split = new byte[boneLabels.Length];
        foreach (var v in paired)
        {
            split[v] = sides.IsLeft(v) ? (byte)(boneLabels[v] + LeftOffset) : boneLabels[v];
        }

        var components = ConnectedComponents.LabelByValue(split, geometry, connectivity);
        var lists = components.VoxelLists();
        for (var bone = 3; bone <= 8; bone++)
        {
            kept.AddRange(Enumerable.Range(1, components.Count)
                .Where(c => components.Value(c) == bone || components.Value(c) == bone + LeftOffset)
                .OrderByDescending(components.Size)
                .ThenBy(c => c)
                .Take(2)
                .Select(c => ((Bone)bone, components.Value(c) > LeftOffset ? Side.Left : Side.Right, lists[c - 1])));
        }

        var cleaned = new byte[boneLabels.Length];
        var voxelVolume = RegionMeasures.VoxelVolumeMm3(geometry);
        var findings = new List<BoneFinding>(kept.Count);
        foreach (var (bone, side, voxels) in kept)
        {
            foreach (var v in voxels)
            {
                cleaned[v] = (byte)bone;
            }

            findings.Add(new BoneFinding(bone, side, new Region(geometry, voxels), voxels.Length * voxelVolume / 1000));
        }

        // Report order: by bone label, then right before left; two findings of one side keep the larger first.
        var ordered = findings
            .OrderBy(f => f.Bone)
            .ThenBy(f => f.Side == Side.Left ? 1 : 0)
            .ThenByDescending(f => f.Region.Voxels.Length)
            .ToList();
        return new BoneAnalysis(cleaned, ordered, midline);
    }

    /// <summary>The lumbar vertebra and the sacrococcyx lie on the midline; the other bones are paired.</summary>
    public static bool IsMidline(Bone bone) => bone is Bone.LumbarVertebra or Bone.Sacrococcyx;
}
