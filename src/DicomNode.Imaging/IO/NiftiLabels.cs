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

    /// <summary>Writes <paramref name="volume"/> as uint8 NIfTI-1 with sform code 1 (scanner) and no qform, through a temporary file.</summary>
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
        double[] a = g.Affine;
        double det = (a[0] * ((a[5] * a[10]) - (a[6] * a[9]))) - (a[1] * ((a[4] * a[10]) - (a[6] * a[8]))) + (a[2] * ((a[4] * a[9]) - (a[5] * a[8])));
        // RAS flips two axes of LPS, which keeps the handedness: qfac follows the LPS determinant.
        float[] pixdim = [det < 0 ? -1 : 1, (float)si, (float)sj, (float)sk, 0, 0, 0, 0];
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
        BinaryPrimitives.WriteInt16LittleEndian(h[254..], 1); // sform_code: scanner
        for (int r = 0; r < 3; r++)
        {
            double sign = r < 2 ? -1 : 1;
            for (int c = 0; c < 4; c++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(h[(280 + (16 * r) + (4 * c))..], (float)(sign * a[(4 * r) + c]));
            }
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
}
