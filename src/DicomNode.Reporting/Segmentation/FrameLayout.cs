using DicomNode.Imaging.Geometry;

namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// Which frames the SEG holds and their pixels: one frame per segment and source slice that holds any of the segment's
/// voxels (empty frames are left out, PS3.3 C.8.20.2 allows it), ordered by segment number and then by slice — the
/// order of the dimension index (segment, position), as highdicom writes it.
/// </summary>
internal sealed class FrameLayout
{
    private FrameLayout(IReadOnlyList<(int Segment, int Slice)> frames, BinaryFrameBuffer pixels, bool segmentsOverlap)
    {
        Frames = frames;
        Pixels = pixels;
        SegmentsOverlap = segmentsOverlap;
    }

    /// <summary>Segment number and source slice index k of each frame.</summary>
    public IReadOnlyList<(int Segment, int Slice)> Frames { get; }

    public BinaryFrameBuffer Pixels { get; }

    /// <summary>True when some voxel belongs to more than one segment (Segments Overlap YES).</summary>
    public bool SegmentsOverlap { get; }

    /// <param name="plans">Segments in number order, each with ascending voxel indices.</param>
    public static FrameLayout Create(IReadOnlyList<SegmentPlan> plans, VolumeGeometry grid)
    {
        var plane = checked(grid.Columns * grid.Rows);
        var frames = new List<(int Segment, int Slice)>();
        foreach (var plan in plans)
        {
            var last = -1;
            foreach (var voxel in plan.Voxels)
            {
                var k = voxel / plane;
                if (k != last)
                {
                    frames.Add((plan.Number, k));
                    last = k;
                }
            }
        }

        var pixels = new BinaryFrameBuffer(frames.Count, plane);
        var owned = new bool[grid.VoxelCount];
        var overlap = false;
        var frame = -1;
        foreach (var plan in plans)
        {
            var last = -1;
            foreach (var voxel in plan.Voxels)
            {
                var k = voxel / plane;
                if (k != last)
                {
                    frame++;
                    last = k;
                }

                pixels.Set(frame, voxel - (k * plane));
                overlap |= owned[voxel];
                owned[voxel] = true;
            }
        }

        return new FrameLayout(frames, pixels, overlap);
    }
}
