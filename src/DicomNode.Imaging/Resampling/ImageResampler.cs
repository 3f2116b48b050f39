using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Resampling;

/// <summary>Resamples real-valued volumes onto another grid by trilinear interpolation, in patient space.</summary>
public static class ImageResampler
{
    /// <summary>
    /// The image of <paramref name="source"/> on <paramref name="target"/>. A target voxel whose centre falls within half a
    /// voxel of the source's outermost centres takes the edge value (the source voxel covers it); one further out gets
    /// <paramref name="outside"/>.
    /// </summary>
    public static ImageVolume Trilinear(ImageVolume source, VolumeGeometry target, float outside = 0)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        return new ImageVolume(target, Trilinear(source.Geometry, source.Voxels, target, outside))
        {
            SeriesInstanceUid = source.SeriesInstanceUid,
            BValue = source.BValue,
        };
    }

    /// <summary>The voxels of <paramref name="sourceVoxels"/> on <paramref name="target"/>, read in place.</summary>
    public static float[] Trilinear(VolumeGeometry sourceGeometry, float[] sourceVoxels, VolumeGeometry target, float outside = 0)
    {
        ArgumentNullException.ThrowIfNull(sourceVoxels);
        ArgumentNullException.ThrowIfNull(sourceGeometry);
        ArgumentNullException.ThrowIfNull(target);
        if (sourceVoxels.Length != sourceGeometry.VoxelCount)
        {
            throw new ArgumentException($"{sourceVoxels.Length} voxels for a grid of {sourceGeometry.VoxelCount}.", nameof(sourceVoxels));
        }

        return TrilinearCell.Resample(sourceGeometry, target, cell => (float)cell.Interpolate(sourceVoxels), outside);
    }
}
