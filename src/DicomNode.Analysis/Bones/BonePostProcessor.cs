using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Bones;

/// <summary>
/// The method's bone post-processing: of each bone label keep the two largest connected components of a paired bone
/// (labels 3–8) and the largest of a midline bone (1 lumbar vertebra, 2 sacrococcyx); everything else becomes
/// background. Each kept component of a paired bone is one <see cref="BoneFinding"/> on the side of the midline its
/// centroid lies on.
/// </summary>
/// <remarks>
/// Sides are decided in patient coordinates (LPS: +X is the patient's left), so rotated and oblique grids need no
/// special case. The midline is the X of the centroid of the kept midline bones, or of all kept bone voxels when
/// neither midline bone is present. Each component gets its own centroid's side, so two components on one side (a
/// fragment where the other side was missed) give two findings with that side rather than an invented opposite.
/// </remarks>
internal static class BonePostProcessor
{
    /// <summary>Post-processes the bone model's labels (0–8) of one series.</summary>
    /// <exception cref="ArgumentException">The labels do not fit the geometry, or hold a value above 8.</exception>
    public static BoneAnalysis Process(ReadOnlySpan<byte> boneLabels, VolumeGeometry geometry, Connectivity connectivity = Connectivity.FacesEdgesCorners)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var components = ConnectedComponents.LabelByValue(boneLabels, geometry, connectivity);
        if (Enumerable.Range(1, components.Count).FirstOrDefault(c => components.Value(c) > 8) is var stray and > 0)
        {
            throw new ArgumentException($"Bone labels are 0–8; the volume holds {components.Value(stray)}.", nameof(boneLabels));
        }

        var kept = new List<int>();
        for (var bone = 1; bone <= 8; bone++)
        {
            var keep = IsMidline((Bone)bone) ? 1 : 2;
            kept.AddRange(Enumerable.Range(1, components.Count)
                .Where(c => components.Value(c) == bone)
                .OrderByDescending(components.Size)
                .ThenBy(c => c)
                .Take(keep));
        }

        var lists = components.VoxelLists();
        var cleaned = new byte[boneLabels.Length];
        var sums = new Dictionary<int, (double I, double J, double K)>();
        foreach (var c in kept)
        {
            var value = components.Value(c);
            double si = 0, sj = 0, sk = 0;
            foreach (var v in lists[c - 1])
            {
                cleaned[v] = value;
                var (i, j, k) = RegionMeasures.IndexToVoxel(geometry, v);
                si += i;
                sj += j;
                sk += k;
            }

            sums[c] = (si, sj, sk);
        }

        var midlineX = MidlineX(geometry, kept, components, sums);
        var voxelVolume = RegionMeasures.VoxelVolumeMm3(geometry);
        var findings = new List<BoneFinding>(kept.Count);
        foreach (var c in kept)
        {
            var bone = (Bone)components.Value(c);
            var n = (double)components.Size(c);
            var (si, sj, sk) = sums[c];
            var side = IsMidline(bone)
                ? Side.Midline
                : geometry.ToPatient(si / n, sj / n, sk / n).X > midlineX ? Side.Left : Side.Right;
            findings.Add(new BoneFinding(bone, side, new Region(geometry, lists[c - 1]), components.Size(c) * voxelVolume / 1000));
        }

        // Report order: by bone label, then right before left; two findings of one side keep the larger first.
        var ordered = findings
            .OrderBy(f => f.Bone)
            .ThenBy(f => f.Side == Side.Left ? 1 : 0)
            .ThenByDescending(f => f.Region.Voxels.Length)
            .ToList();
        return new BoneAnalysis(cleaned, ordered, midlineX);
    }

    /// <summary>The lumbar vertebra and the sacrococcyx lie on the midline; the other bones are paired.</summary>
    public static bool IsMidline(Bone bone) => bone is Bone.LumbarVertebra or Bone.Sacrococcyx;

    private static double MidlineX(
        VolumeGeometry geometry, List<int> kept, ComponentLabeling components, Dictionary<int, (double I, double J, double K)> sums)
    {
        var midline = kept.Where(c => IsMidline((Bone)components.Value(c))).ToList();
        var basis = midline.Count > 0 ? midline : kept;
        if (basis.Count == 0)
        {
            return double.NaN;
        }

        double si = 0, sj = 0, sk = 0, n = 0;
        foreach (var c in basis)
        {
            si += sums[c].I;
            sj += sums[c].J;
            sk += sums[c].K;
            n += components.Size(c);
        }

        return geometry.ToPatient(si / n, sj / n, sk / n).X;
    }
}
