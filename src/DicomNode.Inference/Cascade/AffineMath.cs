namespace DicomNode.Inference.Cascade;

/// <summary>Row-major 4×4 affines whose last row is 0 0 0 1 (as in <see cref="Imaging.Geometry.VolumeGeometry"/>).</summary>
internal static class AffineMath
{
    public static double[] Multiply(double[] a, double[] b)
    {
        var c = new double[16];
        for (int r = 0; r < 4; r++)
        {
            for (int col = 0; col < 4; col++)
            {
                double s = 0;
                for (int n = 0; n < 4; n++)
                {
                    s += a[(r * 4) + n] * b[(n * 4) + col];
                }

                c[(r * 4) + col] = s;
            }
        }

        return c;
    }

    public static double[] Invert(double[] m)
    {
        // Inverse of [R t; 0 1] is [R⁻¹ −R⁻¹t; 0 1]; R⁻¹ by the adjugate.
        double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
        double det = (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
        if (Math.Abs(det) < 1e-12)
        {
            throw new ArgumentException("the volume's affine is singular (zero spacing or parallel axes)");
        }

        double[] r =
        [
            ((e * i) - (f * h)) / det, ((c * h) - (b * i)) / det, ((b * f) - (c * e)) / det,
            ((f * g) - (d * i)) / det, ((a * i) - (c * g)) / det, ((c * d) - (a * f)) / det,
            ((d * h) - (e * g)) / det, ((b * g) - (a * h)) / det, ((a * e) - (b * d)) / det,
        ];
        double tx = m[3], ty = m[7], tz = m[11];
        return
        [
            r[0], r[1], r[2], -((r[0] * tx) + (r[1] * ty) + (r[2] * tz)),
            r[3], r[4], r[5], -((r[3] * tx) + (r[4] * ty) + (r[5] * tz)),
            r[6], r[7], r[8], -((r[6] * tx) + (r[7] * ty) + (r[8] * tz)),
            0, 0, 0, 1,
        ];
    }
}
