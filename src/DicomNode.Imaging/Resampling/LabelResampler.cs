using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Resampling;

/// <summary>Resamples label volumes onto another grid without inventing labels: nearest neighbour, or a majority vote.</summary>
public static class LabelResampler
{
    /// <summary>Each target voxel takes the label of the source voxel that contains its centre; 0 outside the source.</summary>
    public static LabelVolume Nearest(LabelVolume source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var g = source.Geometry;
        var labels = source.Labels;
        var result = new byte[target.VoxelCount];
        var map = new GridMapping(target, g);
        Parallel.For(0, target.Slices, k =>
        {
            for (var j = 0; j < target.Rows; j++)
            {
                map.Row(j, k, out var x, out var y, out var z, out var dx, out var dy, out var dz);
                var offset = target.IndexOf(0, j, k);
                for (var i = 0; i < target.Columns; i++)
                {
                    result[offset + i] = NearestLabel(labels, g, x + (dx * i), y + (dy * i), z + (dz * i));
                }
            }
        });
        return new LabelVolume(target, result);
    }

    /// <summary>
    /// Each target voxel takes the most frequent label among the source voxels whose centres fall inside it — the
    /// downsampling that keeps thin structures the nearest neighbour would drop or alias. Ties go to the nearest
    /// neighbour's label; a target voxel that holds no source centre (upsampling) takes the nearest neighbour's.
    /// </summary>
    public static LabelVolume Majority(LabelVolume source, VolumeGeometry target)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var g = source.Geometry;
        var labels = source.Labels;
        var result = new byte[target.VoxelCount];
        var toSource = new GridMapping(target, g);
        var toTarget = new GridMapping(g, target).Matrix;
        var m = toSource.Matrix;

        // The half-extent in source voxels of one target voxel along each source axis: |M|·(½, ½, ½).
        var hx = 0.5 * (Math.Abs(m[0]) + Math.Abs(m[1]) + Math.Abs(m[2]));
        var hy = 0.5 * (Math.Abs(m[4]) + Math.Abs(m[5]) + Math.Abs(m[6]));
        var hz = 0.5 * (Math.Abs(m[8]) + Math.Abs(m[9]) + Math.Abs(m[10]));

        Parallel.For(
            0,
            target.Slices,
            () => new Tally(),
            (k, _, tally) =>
            {
                for (var j = 0; j < target.Rows; j++)
                {
                    toSource.Row(j, k, out var x0, out var y0, out var z0, out var dx, out var dy, out var dz);
                    var offset = target.IndexOf(0, j, k);
                    for (var i = 0; i < target.Columns; i++)
                    {
                        var x = x0 + (dx * i);
                        var y = y0 + (dy * i);
                        var z = z0 + (dz * i);
                        var nearest = NearestLabel(labels, g, x, y, z);
                        var iMin = Math.Max(0, (int)Math.Ceiling(x - hx));
                        var iMax = Math.Min(g.Columns - 1, (int)Math.Floor(x + hx));
                        var jMin = Math.Max(0, (int)Math.Ceiling(y - hy));
                        var jMax = Math.Min(g.Rows - 1, (int)Math.Floor(y + hy));
                        var kMin = Math.Max(0, (int)Math.Ceiling(z - hz));
                        var kMax = Math.Min(g.Slices - 1, (int)Math.Floor(z + hz));
                        for (var sk = kMin; sk <= kMax; sk++)
                        {
                            for (var sj = jMin; sj <= jMax; sj++)
                            {
                                for (var si = iMin; si <= iMax; si++)
                                {
                                    // Only source centres inside this target voxel vote (its index rounds to (i, j, k)).
                                    var (ti, tj, tk) = AffineMatrix.Transform(toTarget, si, sj, sk);
                                    if (Round(ti) == i && Round(tj) == j && Round(tk) == k)
                                    {
                                        tally.Add(labels[g.IndexOf(si, sj, sk)]);
                                    }
                                }
                            }
                        }

                        result[offset + i] = tally.TakeWinner(nearest);
                    }
                }

                return tally;
            },
            _ => { });
        return new LabelVolume(target, result);
    }

    private static int Round(double v) => (int)Math.Floor(v + 0.5);

    private static byte NearestLabel(byte[] labels, VolumeGeometry g, double x, double y, double z)
    {
        var i = Round(x);
        var j = Round(y);
        var k = Round(z);
        return i < 0 || j < 0 || k < 0 || i >= g.Columns || j >= g.Rows || k >= g.Slices ? (byte)0 : labels[g.IndexOf(i, j, k)];
    }

    /// <summary>Label counts for one target voxel; only the labels touched are reset, so a vote costs what it counts.</summary>
    private sealed class Tally
    {
        private readonly int[] _counts = new int[256];
        private readonly List<byte> _seen = new(16);

        public void Add(byte label)
        {
            if (_counts[label]++ == 0)
            {
                _seen.Add(label);
            }
        }

        public byte TakeWinner(byte nearest)
        {
            if (_seen.Count == 0)
            {
                return nearest;
            }

            var winner = nearest;
            var best = _counts[nearest];
            foreach (var label in _seen)
            {
                if (_counts[label] > best)
                {
                    (winner, best) = (label, _counts[label]);
                }

                _counts[label] = 0;
            }

            _counts[nearest] = 0;
            _seen.Clear();
            return winner;
        }
    }
}
