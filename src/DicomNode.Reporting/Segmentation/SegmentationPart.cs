namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// The segments of one SEG object before it is written: of one <see cref="Content"/>, no two sharing a voxel.
/// <see cref="Part"/> is 1 for the first object of that content and counts up for each further object that segments
/// overlapping the first ones had to go to.
/// </summary>
internal sealed record SegmentationPart(SegmentationContent Content, int Part, IReadOnlyList<SegmentPlan> Plans)
{
    /// <summary>
    /// Splits segments into objects with no voxel in two segments: each segment, in the order given, goes to the first
    /// object none of whose segments it touches, else to a new one. Deterministic, and no voxel is dropped.
    /// </summary>
    /// <param name="voxelCount">The size of the source grid the segments' voxel indices index.</param>
    public static List<SegmentationPart> Pack(SegmentationContent content, IReadOnlyList<SegmentPlan> plans, int voxelCount)
    {
        var parts = new List<(List<SegmentPlan> Plans, bool[] Owned)>();
        foreach (var plan in plans)
        {
            var target = parts.FindIndex(p => !Touches(p.Owned, plan.Voxels));
            if (target < 0)
            {
                parts.Add(([], new bool[voxelCount]));
                target = parts.Count - 1;
            }

            parts[target].Plans.Add(plan);
            foreach (var v in plan.Voxels)
            {
                parts[target].Owned[v] = true;
            }
        }

        return parts.Select((p, i) => new SegmentationPart(content, i + 1, p.Plans)).ToList();
    }

    private static bool Touches(bool[] owned, int[] voxels)
    {
        foreach (var v in voxels)
        {
            if (owned[v])
            {
                return true;
            }
        }

        return false;
    }
}
