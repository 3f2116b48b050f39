namespace DicomNode.Imaging.Geometry;

/// <summary>Row-major 4×4 affine matrices (last row 0 0 0 1) as <c>double[16]</c>, the layout of <see cref="VolumeGeometry.Affine"/>.</summary>
public static class AffineMatrix
{
    public static double[] Identity() => [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    /// <summary>The product <paramref name="a"/>·<paramref name="b"/>: apply <paramref name="b"/> first.</summary>
    public static double[] Multiply(double[] a, double[] b)
    {
        Check(a, nameof(a));
        Check(b, nameof(b));
        var m = new double[16];
        for (var r = 0; r < 4; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                var sum = 0.0;
                for (var n = 0; n < 4; n++)
                {
                    sum += a[(4 * r) + n] * b[(4 * n) + c];
                }

                m[(4 * r) + c] = sum;
            }
        }

        return m;
    }

    /// <summary>
    /// The inverse by Gauss–Jordan elimination with partial pivoting; a matrix whose columns are (nearly)
    /// dependent — a grid with zero spacing or parallel axes — is refused rather than inverted into noise.
    /// </summary>
    public static double[] Invert(double[] matrix)
    {
        Check(matrix, nameof(matrix));
        var a = (double[])matrix.Clone();
        var inverse = Identity();
        var scale = 0.0;
        foreach (var value in matrix)
        {
            scale = Math.Max(scale, Math.Abs(value));
        }

        for (var col = 0; col < 4; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 4; r++)
            {
                if (Math.Abs(a[(4 * r) + col]) > Math.Abs(a[(4 * pivot) + col]))
                {
                    pivot = r;
                }
            }

            var p = a[(4 * pivot) + col];
            if (Math.Abs(p) <= 1e-12 * Math.Max(scale, 1))
            {
                throw new ArgumentException("The affine is singular: its axes are dependent or a spacing is zero.", nameof(matrix));
            }

            if (pivot != col)
            {
                SwapRows(a, pivot, col);
                SwapRows(inverse, pivot, col);
            }

            for (var c = 0; c < 4; c++)
            {
                a[(4 * col) + c] /= p;
                inverse[(4 * col) + c] /= p;
            }

            for (var r = 0; r < 4; r++)
            {
                var factor = a[(4 * r) + col];
                if (r == col || factor == 0)
                {
                    continue;
                }

                for (var c = 0; c < 4; c++)
                {
                    a[(4 * r) + c] -= factor * a[(4 * col) + c];
                    inverse[(4 * r) + c] -= factor * inverse[(4 * col) + c];
                }
            }
        }

        return inverse;
    }

    /// <summary>Applies <paramref name="m"/> to the point (x, y, z, 1).</summary>
    public static (double X, double Y, double Z) Transform(double[] m, double x, double y, double z) => (
        (m[0] * x) + (m[1] * y) + (m[2] * z) + m[3],
        (m[4] * x) + (m[5] * y) + (m[6] * z) + m[7],
        (m[8] * x) + (m[9] * y) + (m[10] * z) + m[11]);

    private static void SwapRows(double[] m, int a, int b)
    {
        for (var c = 0; c < 4; c++)
        {
            (m[(4 * a) + c], m[(4 * b) + c]) = (m[(4 * b) + c], m[(4 * a) + c]);
        }
    }

    private static void Check(double[] m, string name)
    {
        ArgumentNullException.ThrowIfNull(m, name);
        if (m.Length != 16)
        {
            throw new ArgumentException($"A 4×4 affine has 16 values, not {m.Length}.", name);
        }
    }
}
