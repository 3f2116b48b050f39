using System.Buffers.Binary;
using System.Text;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.IO;

/// <summary>
/// Label volumes as single-file NIfTI-1 (.nii): the format of the phantom truth, of <c>dicomnode analyze</c>'s
/// predictions and of what <c>dicomnode evaluate</c> compares. NIfTI world coordinates are RAS, so the LPS affine of a
/// <see cref="VolumeGeometry"/> has its x and y rows negated. Reading takes the sform (or, without one, the qform is
/// refused: label files without a patient transform cannot be compared voxel by voxel with confidence).
/// </summary>
public static class NiftiLabels
{
    private const int HeaderSize = 348;
    private const int VoxOffset = 352;

    /// <summary>Reads a 3D NIfTI-1 label file (uint8, int16, uint16, int32 or float32 holding 0–255).</summary>
    /// <exception cref="InvalidDataException">The file is not a little-endian NIfTI-1 3D volume with an sform, or holds a value outside 0–255.</exception>
    public static LabelVolume Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ReadOnlySpan<byte> h = bytes;
        if (bytes.Length < VoxOffset || BinaryPrimitives.ReadInt32LittleEndian(h) != HeaderSize)
        {
            throw new InvalidDataException($"{path}: not a little-endian NIfTI-1 file.");
        }

        short rank = BinaryPrimitives.ReadInt16LittleEndian(h[40..]);
        int[] dims = new int[3];
        for (int i = 0; i < 3; i++)
        {
            dims[i] = i < rank ? BinaryPrimitives.ReadInt16LittleEndian(h[(42 + (2 * i))..]) : 1;
        }

        for (int i = 3; i < rank; i++)
        {
            if (BinaryPrimitives.ReadInt16LittleEndian(h[(42 + (2 * i))..]) > 1)
            {
                throw new InvalidDataException($"{path}: a {rank}D volume; label files are 3D.");
            }
        }

        if (dims.Any(d => d <= 0))
        {
            throw new InvalidDataException($"{path}: dimensions {string.Join('×', dims)} are not positive.");
        }

        short datatype = BinaryPrimitives.ReadInt16LittleEndian(h[70..]);
        long offset = (long)BinaryPrimitives.ReadSingleLittleEndian(h[108..]);
        float slope = BinaryPrimitives.ReadSingleLittleEndian(h[112..]);
        float intercept = BinaryPrimitives.ReadSingleLittleEndian(h[116..]);
        if (slope == 0 || !float.IsFinite(slope))
        {
            slope = 1;
            intercept = 0;
        }

        if (BinaryPrimitives.ReadInt16LittleEndian(h[254..]) <= 0)
        {
            throw new InvalidDataException($"{path}: no sform (sform_code 0); write the patient transform into the sform.");
        }

        double[] affine = new double[16];
        for (int r = 0; r < 3; r++)
        {
            double sign = r < 2 ? -1 : 1;
            for (int c = 0; c < 4; c++)
            {
                affine[(4 * r) + c] = sign * BinaryPrimitives.ReadSingleLittleEndian(h[(280 + (16 * r) + (4 * c))..]);
            }
        }

        affine[15] = 1;
        var geometry = new VolumeGeometry(dims[0], dims[1], dims[2], affine);
        int count = geometry.VoxelCount;
        int size = datatype switch { 2 => 1, 4 or 512 => 2, 8 or 16 => 4, _ => 0 };
        if (size == 0)
        {
            throw new InvalidDataException($"{path}: NIfTI datatype {datatype} is not a label type (uint8, int16, uint16, int32, float32).");
        }

        if (offset < HeaderSize || offset + ((long)count * size) > bytes.Length)
        {
            throw new InvalidDataException($"{path}: {count} voxels of {size} bytes from offset {offset} run past the end of the file ({bytes.Length} bytes).");
        }

        var labels = new byte[count];
        ReadOnlySpan<byte> data = h[(int)offset..];
        for (int v = 0; v < count; v++)
        {
            double raw = datatype switch
            {
                2 => data[v],
                4 => BinaryPrimitives.ReadInt16LittleEndian(data[(2 * v)..]),
                512 => BinaryPrimitives.ReadUInt16LittleEndian(data[(2 * v)..]),
                8 => BinaryPrimitives.ReadInt32LittleEndian(data[(4 * v)..]),
                _ => BinaryPrimitives.ReadSingleLittleEndian(data[(4 * v)..]),
            };
            double value = Math.Round((raw * slope) + intercept);
            if (value is < 0 or > 255)
            {
                throw new InvalidDataException($"{path}: voxel {v} holds {value}, outside the label range 0–255.");
            }

            labels[v] = (byte)value;
        }

        return new LabelVolume(geometry, labels);
    }

    /// <summary>
    /// Writes <paramref name="volume"/> as uint8 NIfTI-1 through a temporary file; sform and qform carry the same
    /// transform, code 1 (scanner).
    /// </summary>
    public static void Write(string path, LabelVolume volume, string description = "")
    {
        ArgumentNullException.ThrowIfNull(volume);
        VolumeGeometry g = volume.Geometry;
        if (g.Columns > short.MaxValue || g.Rows > short.MaxValue || g.Slices > short.MaxValue)
        {
            throw new ArgumentException($"{g.Columns}×{g.Rows}×{g.Slices} does not fit NIfTI-1's 16-bit dimensions.", nameof(volume));
        }

        var header = new byte[VoxOffset];
        Span<byte> h = header;
        BinaryPrimitives.WriteInt32LittleEndian(h, HeaderSize);
        header[38] = (byte)'r';
        short[] dim = [3, (short)g.Columns, (short)g.Rows, (short)g.Slices, 1, 1, 1, 1];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(h[(40 + (2 * i))..], dim[i]);
        }

        BinaryPrimitives.WriteInt16LittleEndian(h[70..], 2); // DT_UINT8
        BinaryPrimitives.WriteInt16LittleEndian(h[72..], 8);
        (double si, double sj, double sk) = g.Spacing;
        double[] ras = RasAffine(g.Affine);
        (double b, double c, double d, double qfac) = Quaternion(ras);
        float[] pixdim = [(float)qfac, (float)si, (float)sj, (float)sk, 0, 0, 0, 0];
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(h[(76 + (4 * i))..], pixdim[i]);
        }

        BinaryPrimitives.WriteSingleLittleEndian(h[108..], VoxOffset);
        BinaryPrimitives.WriteSingleLittleEndian(h[112..], 1);
        header[123] = 10; // mm, s
        BinaryPrimitives.WriteSingleLittleEndian(h[140..], 255);
        byte[] text = Encoding.ASCII.GetBytes(description.Length > 79 ? description[..79] : description);
        text.CopyTo(header, 148);
        BinaryPrimitives.WriteInt16LittleEndian(h[252..], 1); // qform_code: scanner
        BinaryPrimitives.WriteInt16LittleEndian(h[254..], 1); // sform_code: scanner
        float[] qform = [(float)b, (float)c, (float)d, (float)ras[3], (float)ras[7], (float)ras[11]];
        for (int i = 0; i < qform.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(h[(256 + (4 * i))..], qform[i]);
        }

        for (int i = 0; i < 12; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(h[(280 + (4 * i))..], (float)ras[i]);
        }

        Encoding.ASCII.GetBytes("n+1\0").CopyTo(header, 344);
        string temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        {
            stream.Write(header);
            stream.Write(volume.Labels);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The first three rows of the voxel-to-RAS affine: the LPS affine with its x and y rows negated.</summary>
    private static double[] RasAffine(double[] lps)
    {
        var ras = new double[12];
        for (int i = 0; i < 12; i++)
        {
            ras[i] = i < 8 ? -lps[i] : lps[i];
        }

        return ras;
    }

    /// <summary>
    /// The NIfTI-1 qform of a RAS affine (rows of 4): quaternion (b, c, d) of its rotation and qfac, the sign that makes
    /// the third column right-handed (nifti1_io's mat44_to_quatern, for orthogonal columns).
    /// </summary>
    private static (double B, double C, double D, double Qfac) Quaternion(double[] ras)
    {
        double[][] column = [Unit(ras, 0), Unit(ras, 1), Unit(ras, 2)];
        double[] c0 = column[0], c1 = column[1], c2 = column[2];
        double handedness = (((c0[1] * c1[2]) - (c0[2] * c1[1])) * c2[0]) + (((c0[2] * c1[0]) - (c0[0] * c1[2])) * c2[1]) + (((c0[0] * c1[1]) - (c0[1] * c1[0])) * c2[2]);
        double qfac = handedness < 0 ? -1 : 1;
        double r11 = c0[0], r21 = c0[1], r31 = c0[2], r12 = c1[0], r22 = c1[1], r32 = c1[2];
        double r13 = qfac * c2[0], r23 = qfac * c2[1], r33 = qfac * c2[2];
        double qa, qb, qc, qd;
        double trace = r11 + r22 + r33 + 1;
        if (trace > 0.5)
        {
            qa = 0.5 * Math.Sqrt(trace);
            qb = 0.25 * (r32 - r23) / qa;
            qc = 0.25 * (r13 - r31) / qa;
            qd = 0.25 * (r21 - r12) / qa;
        }
        else if (1 + r11 - (r22 + r33) > 1)
        {
            qb = 0.5 * Math.Sqrt(1 + r11 - (r22 + r33));
            qc = 0.25 * (r12 + r21) / qb;
            qd = 0.25 * (r13 + r31) / qb;
            qa = 0.25 * (r32 - r23) / qb;
        }
        else if (1 + r22 - (r11 + r33) > 1)
        {
            qc = 0.5 * Math.Sqrt(1 + r22 - (r11 + r33));
            qb = 0.25 * (r12 + r21) / qc;
            qd = 0.25 * (r23 + r32) / qc;
            qa = 0.25 * (r13 - r31) / qc;
        }
        else
        {
            qd = 0.5 * Math.Sqrt(1 + r33 - (r11 + r22));
            qb = 0.25 * (r13 + r31) / qd;
            qc = 0.25 * (r23 + r32) / qd;
            qa = 0.25 * (r21 - r12) / qd;
        }

        // The quaternion with a ≥ 0 is the one NIfTI stores (a itself is implied).
        return qa < 0 ? (-qb, -qc, -qd, qfac) : (qb, qc, qd, qfac);

        static double[] Unit(double[] m, int c)
        {
            double x = m[c], y = m[4 + c], z = m[8 + c];
            double length = Math.Sqrt((x * x) + (y * y) + (z * z));
            return [x / length, y / length, z / length];
        }
    }
}
