using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Components;

/// <summary>
/// 3D connected-component labelling by two raster passes with union–find (Rosenfeld and Pfaltz's classic scheme):
/// the first pass gives each foreground voxel the provisional label of an earlier neighbour and records which
/// provisional labels meet; the second replaces each by its set's final number. Memory is one <c>int</c> per voxel plus
/// one per provisional label, with no allocation per voxel.
/// </summary>
/// <remarks>
/// The default is 26-connectivity: the method counts "each 3D connected cluster" as one node or lesion, and on
/// anisotropic MR grids (DWI slices 7–8.4 mm apart, pixels 1.6 mm) an oblique structure often meets the next slice only
/// along an edge or a corner; face connectivity would split it. Pass <see cref="Connectivity.Faces"/> for the stricter count.
/// </remarks>
public static class ConnectedComponents
{
    // Earlier neighbours (already visited in a raster scan, i fastest) as (di, dj, dk). The first entry is the left
    // neighbour; the last four are those with di = +1, the only ones a voxel can reach that its left neighbour cannot.
    private static readonly (int Di, int Dj, int Dk)[] Earlier26 =
    [
        (-1, 0, 0),
        (-1, -1, 0), (0, -1, 0),
        (-1, -1, -1), (0, -1, -1), (-1, 0, -1), (0, 0, -1), (-1, 1, -1), (0, 1, -1),
        (1, -1, 0), (1, -1, -1), (1, 0, -1), (1, 1, -1),
    ];

    private static readonly (int Di, int Dj, int Dk)[] Earlier6 = [(-1, 0, 0), (0, -1, 0), (0, 0, -1)];

    /// <summary>Components of the non-zero voxels of <paramref name="mask"/>, whatever their values.</summary>
    public static ComponentLabeling Label(ReadOnlySpan<byte> mask, VolumeGeometry geometry, Connectivity connectivity = Connectivity.FacesEdgesCorners) =>
        Run<AnyForeground>(mask, geometry, connectivity);

    /// <summary>
    /// Components of each non-zero value of <paramref name="labels"/> separately, in one pass: two touching voxels join
    /// only when their values are equal (a bone-label volume gives the components of every bone at once).
    /// </summary>
    public static ComponentLabeling LabelByValue(ReadOnlySpan<byte> labels, VolumeGeometry geometry, Connectivity connectivity = Connectivity.FacesEdgesCorners) =>
        Run<SameValue>(labels, geometry, connectivity);

    // The joining rule is a type argument so that the JIT compiles one loop per rule with the test inlined.
    private static ComponentLabeling Run<TRule>(ReadOnlySpan<byte> volume, VolumeGeometry geometry, Connectivity connectivity)
        where TRule : struct, IJoinRule
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (volume.Length != geometry.VoxelCount)
        {
            throw new ArgumentException(
                $"The volume holds {volume.Length} voxels; its geometry {geometry.Columns}×{geometry.Rows}×{geometry.Slices} has {geometry.VoxelCount}.",
                nameof(volume));
        }

        var earlier = connectivity switch
        {
            Connectivity.Faces => Earlier6,
            Connectivity.FacesEdgesCorners => Earlier26,
            _ => throw new ArgumentOutOfRangeException(nameof(connectivity), connectivity, "Connectivity is 6 (faces) or 26 (faces, edges, corners)."),
        };

        // Once the left neighbour has joined, the 26-neighbourhood leaves only the di = +1 neighbours to look at; with
        // faces only, the neighbours above and behind are not neighbours of the left voxel, so all must still be seen.
        var afterLeft = connectivity == Connectivity.FacesEdgesCorners ? 9 : 1;
        int nx = geometry.Columns, ny = geometry.Rows, nz = geometry.Slices;
        var offsets = new int[earlier.Length];
        var needs = new int[earlier.Length];
        for (var n = 0; n < earlier.Length; n++)
        {
            var (di, dj, dk) = earlier[n];
            offsets[n] = di + (nx * (dj + (ny * dk)));
            needs[n] = (di < 0 ? LowI : 0) | (di > 0 ? HighI : 0) | (dj < 0 ? LowJ : 0) | (dj > 0 ? HighJ : 0) | (dk < 0 ? LowK : 0);
        }

        var labels = new int[volume.Length];
        var parent = new int[1024];
        var next = 1;
        for (var k = 0; k < nz; k++)
        {
            for (var j = 0; j < ny; j++)
            {
                var rowFlags = (j > 0 ? LowJ : 0) | (j < ny - 1 ? HighJ : 0) | (k > 0 ? LowK : 0);
                var row = nx * (j + (ny * k));
                var line = volume.Slice(row, nx);
                for (var i = 0; i < nx; i++)
                {
                    // Background is most of a volume: jump over a run of it with a vectorised search.
                    if (line[i] == 0)
                    {
                        var skip = line[(i + 1)..].IndexOfAnyExcept((byte)0);
                        if (skip < 0)
                        {
                            break;
                        }

                        i += 1 + skip;
                    }

                    var v = row + i;
                    var value = line[i];
                    var available = rowFlags | (i > 0 ? LowI : 0) | (i < nx - 1 ? HighI : 0);
                    var interior = available == AllFlags;
                    var current = 0;
                    var first = 1;
                    if (i > 0 && TRule.Joins(line[i - 1], value))
                    {
                        current = labels[v - 1];
                        first = afterLeft;
                    }

                    for (var n = first; n < offsets.Length; n++)
                    {
                        if (!interior && (needs[n] & available) != needs[n])
                        {
                            continue;
                        }

                        var u = v + offsets[n];
                        if (!TRule.Joins(volume[u], value))
                        {
                            continue;
                        }

                        var other = labels[u];
                        if (current == 0)
                        {
                            current = other;
                        }
                        else if (other != current)
                        {
                            current = Union(parent, current, other);
                        }
                    }

                    if (current == 0)
                    {
                        if (next == parent.Length)
                        {
                            Array.Resize(ref parent, parent.Length * 2);
                        }

                        parent[next] = next;
                        current = next++;
                    }

                    labels[v] = current;
                }
            }
        }

        // Each set's root is its smallest provisional label, so numbering roots in ascending order numbers the
        // components in the scan order of their first voxels.
        var final = new int[next];
        var count = 0;
        for (var l = 1; l < next; l++)
        {
            var root = Find(parent, l);
            final[l] = root == l ? ++count : final[root];
        }

        var sizes = new int[count + 1];
        var values = new byte[count + 1];
        Span<int> all = labels;
        for (var v = 0; v < all.Length; v++)
        {
            if (all[v] == 0)
            {
                var skip = all[(v + 1)..].IndexOfAnyExcept(0);
                if (skip < 0)
                {
                    break;
                }

                v += 1 + skip;
            }

            var c = final[all[v]];
            all[v] = c;
            if (sizes[c]++ == 0)
            {
                values[c] = volume[v];
            }
        }

        return new ComponentLabeling(geometry, labels, count, sizes, values);
    }

    private const int LowI = 1;
    private const int HighI = 2;
    private const int LowJ = 4;
    private const int HighJ = 8;
    private const int LowK = 16;
    private const int AllFlags = LowI | HighI | LowJ | HighJ | LowK;

    /// <summary>Whether a foreground voxel of value <c>value</c> joins a neighbour of value <c>neighbour</c>.</summary>
    private interface IJoinRule
    {
        static abstract bool Joins(byte neighbour, byte value);
    }

    private readonly struct AnyForeground : IJoinRule
    {
        public static bool Joins(byte neighbour, byte value) => neighbour != 0;
    }

    private readonly struct SameValue : IJoinRule
    {
        public static bool Joins(byte neighbour, byte value) => neighbour == value;
    }

    private static int Find(int[] parent, int label)
    {
        while (parent[label] != label)
        {
            // Path halving: point every other node at its grandparent on the way up.
            parent[label] = parent[parent[label]];
            label = parent[label];
        }

        return label;
    }

    /// <summary>Joins the sets of <paramref name="a"/> and <paramref name="b"/> under the smaller root; returns that root.</summary>
    private static int Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra == rb)
        {
            return ra;
        }

        if (ra < rb)
        {
            parent[rb] = ra;
            return ra;
        }

        parent[ra] = rb;
        return rb;
    }
}
