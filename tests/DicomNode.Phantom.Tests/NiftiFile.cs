using System.Buffers.Binary;

namespace DicomNode.Phantom.Tests;

/// <summary>A small NIfTI-1 reader: dimensions, the sform voxel-to-RAS affine, scaling, and the data as doubles.</summary>
internal sealed class NiftiFile
{
    public required int[] Dimensions { get; init; }

    public required double[,] Affine { get; init; }

    public required double[] Data { get; init; }

    public int VoxelsPerVolume => Dimensions[0] * Dimensions[1] * Dimensions[2];

    public static NiftiFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var h = bytes.AsSpan();
        if (BinaryPrimitives.ReadInt32LittleEndian(h) != 348)
        {
            throw new InvalidDataException($"{path} is not a little-endian NIfTI-1 file.");
        }

        var rank = BinaryPrimitives.ReadInt16LittleEndian(h[40..]);
        var dims = new int[Math.Max((int)rank, 3)];
        for (var i = 0; i < rank; i++)
        {
            dims[i] = BinaryPrimitives.ReadInt16LittleEndian(h[(42 + (2 * i))..]);
        }

        var datatype = BinaryPrimitives.ReadInt16LittleEndian(h[70..]);
        var offset = (int)BinaryPrimitives.ReadSingleLittleEndian(h[108..]);
        var slope = BinaryPrimitives.ReadSingleLittleEndian(h[112..]);
        var intercept = BinaryPrimitives.ReadSingleLittleEndian(h[116..]);
        if (slope == 0 || float.IsNaN(slope))
        {
            slope = 1;
            intercept = 0;
        }

        if (BinaryPrimitives.ReadInt16LittleEndian(h[254..]) <= 0)
        {
            throw new InvalidDataException($"{path} has no sform.");
        }

        var affine = new double[3, 4];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 4; c++)
            {
                affine[r, c] = BinaryPrimitives.ReadSingleLittleEndian(h[(280 + (16 * r) + (4 * c))..]);
            }
        }

        var count = dims.Where(d => d > 0).Aggregate(1, (a, d) => a * d);
        var data = new double[count];
        for (var v = 0; v < count; v++)
        {
            double raw = datatype switch
            {
                2 => bytes[offset + v],
                4 => BinaryPrimitives.ReadInt16LittleEndian(h[(offset + (2 * v))..]),
                512 => BinaryPrimitives.ReadUInt16LittleEndian(h[(offset + (2 * v))..]),
                8 => BinaryPrimitives.ReadInt32LittleEndian(h[(offset + (4 * v))..]),
                768 => BinaryPrimitives.ReadUInt32LittleEndian(h[(offset + (4 * v))..]),
                64 => BinaryPrimitives.ReadDoubleLittleEndian(h[(offset + (8 * v))..]),
                16 => BinaryPrimitives.ReadSingleLittleEndian(h[(offset + (4 * v))..]),
                _ => throw new InvalidDataException($"NIfTI datatype {datatype} is not supported by this reader."),
            };
            data[v] = (raw * slope) + intercept;
        }

        return new NiftiFile { Dimensions = dims, Affine = affine, Data = data };
    }

    public (double X, double Y, double Z) World(double i, double j, double k) => (
        (Affine[0, 0] * i) + (Affine[0, 1] * j) + (Affine[0, 2] * k) + Affine[0, 3],
        (Affine[1, 0] * i) + (Affine[1, 1] * j) + (Affine[1, 2] * k) + Affine[1, 3],
        (Affine[2, 0] * i) + (Affine[2, 1] * j) + (Affine[2, 2] * k) + Affine[2, 3]);

    /// <summary>The voxel index nearest a world (RAS) position: the inverse of the affine, by Cramer's rule.</summary>
    public (int I, int J, int K) Voxel((double X, double Y, double Z) w)
    {
        var a = Affine;
        var bx = w.X - a[0, 3];
        var by = w.Y - a[1, 3];
        var bz = w.Z - a[2, 3];
        var det = Det(a[0, 0], a[0, 1], a[0, 2], a[1, 0], a[1, 1], a[1, 2], a[2, 0], a[2, 1], a[2, 2]);
        var i = Det(bx, a[0, 1], a[0, 2], by, a[1, 1], a[1, 2], bz, a[2, 1], a[2, 2]) / det;
        var j = Det(a[0, 0], bx, a[0, 2], a[1, 0], by, a[1, 2], a[2, 0], bz, a[2, 2]) / det;
        var k = Det(a[0, 0], a[0, 1], bx, a[1, 0], a[1, 1], by, a[2, 0], a[2, 1], bz) / det;
        return ((int)Math.Round(i), (int)Math.Round(j), (int)Math.Round(k));
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
