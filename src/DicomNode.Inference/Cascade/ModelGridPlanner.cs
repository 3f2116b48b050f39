using DicomNode.Imaging.Geometry;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Lays a model grid over a source volume, in the source's orientation (so an oblique series gives
/// an oblique model grid and no rotation is interpolated). Tensor axes [D, H, W] are the source's
/// slices k, rows j and columns i.
/// </summary>
public static class ModelGridPlanner
{
    public static VolumeGeometry Plan(VolumeGeometry source, ModelGrid grid)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(grid);
        (double I, double J, double K) spacing = source.Spacing;
        double[] scale = new double[3], offset = new double[3];
        int[] sourceSize = [source.Columns, source.Rows, source.Slices];
        int[] targetSize = [grid.Width, grid.Height, grid.Depth];
        double[] sourceSpacing = [spacing.I, spacing.J, spacing.K];
        for (int axis = 0; axis < 3; axis++)
        {
            if (grid.Policy == GridSpacingPolicy.FixedSize)
            {
                // The same field of view edge to edge: target voxel n covers source index (n + ½)·s − ½.
                scale[axis] = (double)sourceSize[axis] / targetSize[axis];
                offset[axis] = (0.5 * scale[axis]) - 0.5;
            }
            else
            {
                (double d, double h, double w) = grid.SpacingMm!.Value;
                double mm = axis switch { 0 => w, 1 => h, _ => d };
                scale[axis] = mm / sourceSpacing[axis];
                offset[axis] = ((sourceSize[axis] - 1) / 2.0) - (scale[axis] * (targetSize[axis] - 1) / 2.0);
            }
        }

        // target→source index: diag(scale) and offset; then the source affine.
        double[] indexMap =
        [
            scale[0], 0, 0, offset[0],
            0, scale[1], 0, offset[1],
            0, 0, scale[2], offset[2],
            0, 0, 0, 1,
        ];
        return new VolumeGeometry(grid.Width, grid.Height, grid.Depth, AffineMatrix.Multiply(source.Affine, indexMap));
    }
}
