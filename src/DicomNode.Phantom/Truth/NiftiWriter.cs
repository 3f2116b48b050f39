using System.Buffers.Binary;
using System.Text;
using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Truth;

/// <summary>
/// Writes a single-file NIfTI-1 (.nii) uint8 label volume in a series' own geometry. NIfTI world coordinates are RAS,
/// so the DICOM LPS affine has its x and y rows negated; sform and qform carry the same (scanner) transform.
/// Voxel (i, j, k) is column i, row j of the k-th slice in instance order, as in <see cref="VolumeGeometry"/>.
/// </summary>
internal static class NiftiWriter
{
    private const int HeaderSize = 348;
    private const int VoxOffset = 352;

    public static void Write(string path, VolumeGeometry g, byte[] labels, string description)
    {
        var header = new byte[VoxOffset];
        var h = header.AsSpan();
        BinaryPrimitives.WriteInt32LittleEndian(h, HeaderSize);
        header[38] = (byte)'r'; // regular
        short[] dim = [3, (short)g.Columns, (short)g.Rows, (short)g.Slices, 1, 1, 1, 1];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(h[(40 + (2 * i))..], dim[i]);
        }

        BinaryPrimitives.WriteInt16LittleEndian(h[70..], 2); // DT_UINT8
        BinaryPrimitives.WriteInt16LittleEndian(h[72..], 8); // bitpix
        var affine = Affine(g);
        var (quaternion, offset, qfac) = Quaternion(affine);
        float[] pixdim = [(float)qfac, (float)g.ColumnSpacing, (float)g.RowSpacing, (float)g.SliceSpacing, 0, 0, 0, 0];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(h[(76 + (4 * i))..], pixdim[i]);
        }

        BinaryPrimitives.WriteSingleLittleEndian(h[108..], VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(h[112..], 1); // scl_slope
        header[123] = 10; // xyzt_units: mm, s
        BinaryPrimitives.WriteSingleLittleEndian(h[140..], 255); // cal_max
        Encoding.ASCII.GetBytes(description.Length > 79 ? description[..79] : description).CopyTo(header, 148);
        BinaryPrimitives.WriteInt16LittleEndian(h[252..], 1); // qform_code: scanner
        BinaryPrimitives.WriteInt16LittleEndian(h[254..], 1); // sform_code: scanner
        BinaryPrimitives.WriteSingleLittleEndian(h[256..], (float)quaternion.X);
        BinaryPrimitives.WriteSingleLittleEndian(h[260..], (float)quaternion.Y);
        BinaryPrimitives.WriteSingleLittleEndian(h[264..], (float)quaternion.Z);
        BinaryPrimitives.WriteSingleLittleEndian(h[268..], (float)offset.X);
        BinaryPrimitives.WriteSingleLittleEndian(h[272..], (float)offset.Y);
        BinaryPrimitives.WriteSingleLittleEndian(h[276..], (float)offset.Z);
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(h[(280 + (16 * r) + (4 * c))..], (float)affine[r, c]);
            }
        }

        Encoding.ASCII.GetBytes("n+1\0").CopyTo(header, 344);
        using var stream = File.Create(path);
        stream.Write(header);
        stream.Write(labels);
    }

    /// <summary>The voxel-to-RAS affine (3×4): columns are the i, j, k steps and the origin, x and y negated from LPS.</summary>
    public static double[,] Affine(VolumeGeometry g)
    {
        var i = g.RowDirection * g.ColumnSpacing;
        var j = g.ColumnDirection * g.RowSpacing;
        var k = g.SliceStep;
        var o = g.Origin;
        return new double[,]
        {
            { -i.X, -j.X, -k.X, -o.X },
            { -i.Y, -j.Y, -k.Y, -o.Y },
            { i.Z, j.Z, k.Z, o.Z },
        };
    }

    /// <summary>The NIfTI-1 quaternion of the affine's rotation (nifti1_io's mat44_to_quatern, for orthogonal columns).</summary>
    private static (Vec3 Bcd, Vec3 Offset, double Qfac) Quaternion(double[,] a)
    {
        var c0 = new Vec3(a[0, 0], a[1, 0], a[2, 0]).Normalized();
        var c1 = new Vec3(a[0, 1], a[1, 1], a[2, 1]).Normalized();
        var c2 = new Vec3(a[0, 2], a[1, 2], a[2, 2]).Normalized();
        var qfac = Vec3.Dot(Vec3.Cross(c0, c1), c2) < 0 ? -1.0 : 1.0;
        c2 *= qfac;
        double r11 = c0.X, r21 = c0.Y, r31 = c0.Z, r12 = c1.X, r22 = c1.Y, r32 = c1.Z, r13 = c2.X, r23 = c2.Y, r33 = c2.Z;
        double qa, qb, qc, qd;
        var trace = r11 + r22 + r33 + 1;
        if (trace > 0.5)
        {
            qa = 0.5 * Math.Sqrt(trace);
            qb = 0.25 * (r32 - r23) / qa;
            qc = 0.25 * (r13 - r31) / qa;
            qd = 0.25 * (r21 - r12) / qa;
        }
        else
        {
            var xd = 1 + r11 - (r22 + r33);
            var yd = 1 + r22 - (r11 + r33);
            var zd = 1 + r33 - (r11 + r22);
            if (xd > 1)
            {
                qb = 0.5 * Math.Sqrt(xd);
                qc = 0.25 * (r12 + r21) / qb;
                qd = 0.25 * (r13 + r31) / qb;
                qa = 0.25 * (r32 - r23) / qb;
            }
            else if (yd > 1)
            {
                qc = 0.5 * Math.Sqrt(yd);
                qb = 0.25 * (r12 + r21) / qc;
                qd = 0.25 * (r23 + r32) / qc;
                qa = 0.25 * (r13 - r31) / qc;
            }
            else
            {
                qd = 0.5 * Math.Sqrt(zd);
                qb = 0.25 * (r13 + r31) / qd;
                qc = 0.25 * (r23 + r32) / qd;
                qa = 0.25 * (r21 - r12) / qd;
            }

            if (qa < 0)
            {
                qb = -qb;
                qc = -qc;
                qd = -qd;
            }
        }

        return (new Vec3(qb, qc, qd), new Vec3(a[0, 3], a[1, 3], a[2, 3]), qfac);
    }
}
