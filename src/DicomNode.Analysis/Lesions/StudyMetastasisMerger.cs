using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Lesions;

/// <summary>
/// The method counts a metastasis "if found on DWI or T1WI-IP": this joins the two series' findings into one list of
/// lesions. A DWI lesion and a T1 lesion are the same lesion when their regions overlap in patient space — the centre of
/// some voxel of one lies in a voxel of the other — or their centroids are at most <see cref="CentroidDistanceMm"/> apart.
/// Matching is greedy by volume: T1 lesions from the largest down each take the largest DWI lesion still unmatched
/// that is the same lesion. Unmatched lesions of either series stand alone. The result is numbered 1 … by decreasing
/// volume of each lesion's <see cref="StudyMetastasis.Primary"/> finding.
/// </summary>
internal static class StudyMetastasisMerger
{
    public const double CentroidDistanceMm = 10;

    public static IReadOnlyList<StudyMetastasis> Merge(IReadOnlyList<MetastasisFinding> onDwi, IReadOnlyList<MetastasisFinding> onT1InPhase)
    {
        ArgumentNullException.ThrowIfNull(onDwi);
        ArgumentNullException.ThrowIfNull(onT1InPhase);
        var dwiHitByT1 = Overlaps(onT1InPhase, onDwi);
        var t1HitByDwi = Overlaps(onDwi, onT1InPhase);
        var dwiByVolume = Enumerable.Range(0, onDwi.Count).OrderByDescending(d => onDwi[d].VolumeCm3).ThenBy(d => d).ToList();
        var matched = new bool[onDwi.Count];
        var merged = new List<(MetastasisFinding? Dwi, MetastasisFinding? T1)>();
        foreach (var t in Enumerable.Range(0, onT1InPhase.Count).OrderByDescending(t => onT1InPhase[t].VolumeCm3).ThenBy(t => t))
        {
            var partner = dwiByVolume.FindIndex(d => !matched[d] && Same(d, t));
            if (partner < 0)
            {
                merged.Add((null, onT1InPhase[t]));
                continue;
            }

            var dwi = dwiByVolume[partner];
            matched[dwi] = true;
            merged.Add((onDwi[dwi], onT1InPhase[t]));
        }

        merged.AddRange(Enumerable.Range(0, onDwi.Count).Where(d => !matched[d]).Select(d => ((MetastasisFinding?)onDwi[d], (MetastasisFinding?)null)));
        return merged
            .Select(m => new StudyMetastasis(0, m.Dwi, m.T1))
            .OrderByDescending(m => m.Primary.VolumeCm3)
            .ThenBy(m => m.OnT1InPhase is null ? 1 : 0)
            .Select((m, n) => m with { Number = n + 1 })
            .ToList();

        bool Same(int d, int t) =>
            dwiHitByT1[t].Contains(d)
            || t1HitByDwi[d].Contains(t)
            || RegionMeasures.Distance(onDwi[d].CentroidLps, onT1InPhase[t].CentroidLps) <= CentroidDistanceMm;
    }

    /// <summary>For each lesion of <paramref name="from"/>, the indices of the lesions of <paramref name="into"/> that one of its voxel centres falls in.</summary>
    private static HashSet<int>[] Overlaps(IReadOnlyList<MetastasisFinding> from, IReadOnlyList<MetastasisFinding> into)
    {
        var hits = from.Select(_ => new HashSet<int>()).ToArray();
        if (from.Count == 0 || into.Count == 0)
        {
            return hits;
        }

        // The lesions of one series share its grid; index them by voxel once.
        var target = into[0].Region.Geometry;
        var owner = new Dictionary<int, int>();
        for (var n = 0; n < into.Count; n++)
        {
            foreach (var v in into[n].Region.Voxels)
            {
                owner[v] = n;
            }
        }

        var toTarget = AffineMatrix.Invert(target.Affine);
        for (var n = 0; n < from.Count; n++)
        {
            var source = from[n].Region.Geometry;
            var map = AffineMatrix.Multiply(toTarget, source.Affine);
            foreach (var v in from[n].Region.Voxels)
            {
                var (i, j, k) = RegionMeasures.IndexToVoxel(source, v);
                var (ti, tj, tk) = AffineMatrix.Transform(map, i, j, k);

                // Voxel (i, j, k) covers [i − ½, i + ½) along each axis.
                var ri = (int)Math.Floor(ti + 0.5);
                var rj = (int)Math.Floor(tj + 0.5);
                var rk = (int)Math.Floor(tk + 0.5);
                if (ri < 0 || rj < 0 || rk < 0 || ri >= target.Columns || rj >= target.Rows || rk >= target.Slices)
                {
                    continue;
                }

                if (owner.TryGetValue(target.IndexOf(ri, rj, rk), out var hit))
                {
                    hits[n].Add(hit);
                }
            }
        }

        return hits;
    }
}
