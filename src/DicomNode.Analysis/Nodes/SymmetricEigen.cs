namespace DicomNode.Analysis.Nodes;

/// <summary>Eigenvectors of a symmetric 3×3 matrix by cyclic Jacobi rotations (converges quadratically; exact to rounding).</summary>
internal static class SymmetricEigen
{
    /// <summary>
    /// The eigenvalues (descending) and the unit eigenvectors of the symmetric matrix <paramref name="m"/> (row-major, 9 values).
    /// </summary>
    public static (double[] Values, Vector3[] Vectors) Decompose(double[] m)
    {
        ArgumentNullException.ThrowIfNull(m);
        var a = (double[])m.Clone();
        double[] v = [1, 0, 0, 0, 1, 0, 0, 0, 1];
        for (var sweep = 0; sweep < 50; sweep++)
        {
            var off = (a[1] * a[1]) + (a[2] * a[2]) + (a[5] * a[5]);
            var diag = (a[0] * a[0]) + (a[4] * a[4]) + (a[8] * a[8]);
            if (off <= 1e-30 * Math.Max(diag, 1e-300))
            {
                break;
            }

            Rotate(a, v, 0, 1);
            Rotate(a, v, 0, 2);
            Rotate(a, v, 1, 2);
        }

        var order = new[] { 0, 1, 2 }.OrderByDescending(i => a[(3 * i) + i]).ToArray();
        return (
            order.Select(i => a[(3 * i) + i]).ToArray(),
            order.Select(i => new Vector3(v[i], v[3 + i], v[6 + i]).Normalized()).ToArray());
    }

    /// <summary>One Jacobi rotation in the (p, q) plane that zeroes a[p, q]; the eigenvectors accumulate in the columns of v.</summary>
    private static void Rotate(double[] a, double[] v, int p, int q)
    {
        var apq = a[(3 * p) + q];
        if (apq == 0)
        {
            return;
        }

        var theta = (a[(3 * q) + q] - a[(3 * p) + p]) / (2 * apq);
        var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
        if (theta == 0)
        {
            t = 1;
        }

        var c = 1 / Math.Sqrt((t * t) + 1);
        var s = t * c;
        for (var k = 0; k < 3; k++)
        {
            var akp = a[(3 * k) + p];
            var akq = a[(3 * k) + q];
            a[(3 * k) + p] = (c * akp) - (s * akq);
            a[(3 * k) + q] = (s * akp) + (c * akq);
        }

        for (var k = 0; k < 3; k++)
        {
            var apk = a[(3 * p) + k];
            var aqk = a[(3 * q) + k];
            a[(3 * p) + k] = (c * apk) - (s * aqk);
            a[(3 * q) + k] = (s * apk) + (c * aqk);
        }

        for (var k = 0; k < 3; k++)
        {
            var vkp = v[(3 * k) + p];
            var vkq = v[(3 * k) + q];
            v[(3 * k) + p] = (c * vkp) - (s * vkq);
            v[(3 * k) + q] = (s * vkp) + (c * vkq);
        }
    }
}
