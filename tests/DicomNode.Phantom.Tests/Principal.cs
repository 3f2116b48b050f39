namespace DicomNode.Phantom.Tests;

/// <summary>The eigenvalues of the covariance of a point cloud, smallest first (cyclic Jacobi rotations).</summary>
internal static class Principal
{
    public static double[] Variances(IReadOnlyList<(double X, double Y, double Z)> points)
    {
        double mx = points.Average(p => p.X), my = points.Average(p => p.Y), mz = points.Average(p => p.Z);
        var c = new double[3, 3];
        foreach (var p in points)
        {
            double[] d = [p.X - mx, p.Y - my, p.Z - mz];
            for (var r = 0; r < 3; r++)
            {
                for (var s = 0; s < 3; s++)
                {
                    c[r, s] += d[r] * d[s] / points.Count;
                }
            }
        }

        for (var sweep = 0; sweep < 50; sweep++)
        {
            for (var p = 0; p < 2; p++)
            {
                for (var q = p + 1; q < 3; q++)
                {
                    if (Math.Abs(c[p, q]) < 1e-12)
                    {
                        continue;
                    }

                    var theta = 0.5 * Math.Atan2(2 * c[p, q], c[q, q] - c[p, p]);
                    double cos = Math.Cos(theta), sin = Math.Sin(theta);
                    for (var k = 0; k < 3; k++)
                    {
                        double a = c[k, p], b = c[k, q];
                        c[k, p] = (cos * a) - (sin * b);
                        c[k, q] = (sin * a) + (cos * b);
                    }

                    for (var k = 0; k < 3; k++)
                    {
                        double a = c[p, k], b = c[q, k];
                        c[p, k] = (cos * a) - (sin * b);
                        c[q, k] = (sin * a) + (cos * b);
                    }
                }
            }
        }

        return new[] { c[0, 0], c[1, 1], c[2, 2] }.Order().ToArray();
    }
}
