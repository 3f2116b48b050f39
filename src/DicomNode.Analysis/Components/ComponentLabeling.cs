using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Components;

/// <summary>
/// The connected components of a volume: a component number per voxel (0 background, 1 … <see cref="Count"/> in the
/// scan order of each component's first voxel, i fastest), with the size and the source value of each component.
/// </summary>
public sealed class ComponentLabeling
{
    private readonly int[] _sizes;
    private readonly byte[] _values;

    internal ComponentLabeling(VolumeGeometry geometry, int[] labels, int count, int[] sizes, byte[] values)
    {
        Geometry = geometry;
        Labels = labels;
        Count = count;
        _sizes = sizes;
        _values = values;
    }

    public VolumeGeometry Geometry { get; }

    /// <summary>The component of each voxel (0 for background), indexed like the source volume.</summary>
    public int[] Labels { get; }

    /// <summary>The number of components.</summary>
    public int Count { get; }

    /// <summary>The number of voxels of component <paramref name="component"/> (1-based).</summary>
    public int Size(int component) => _sizes[Check(component)];

    /// <summary>The source value of component <paramref name="component"/>'s voxels (the first voxel's, for a mask labelling).</summary>
    public byte Value(int component) => _values[Check(component)];

    /// <summary>The voxel indices of every component, ascending: element c − 1 belongs to component c. One pass over the volume.</summary>
    public int[][] VoxelLists()
    {
        var lists = new int[Count][];
        var filled = new int[Count];
        for (var c = 0; c < Count; c++)
        {
            lists[c] = new int[_sizes[c + 1]];
        }

        var labels = Labels;
        for (var v = 0; v < labels.Length; v++)
        {
            var c = labels[v];
            if (c != 0)
            {
                lists[c - 1][filled[c - 1]++] = v;
            }
        }

        return lists;
    }

    private int Check(int component)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, Count);
        return component;
    }
}
