using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DicomNode.Imaging.IO;

/// <summary>
/// A minimal PNG writer for 8-bit indexed-colour images (PNG spec: IHDR, PLTE, IDAT, IEND; Sub filter on every row):
/// the one encoder behind the phantom montage and the evaluation plots.
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public static byte[] EncodeIndexed(byte[] pixels, int width, int height, IReadOnlyList<(byte R, byte G, byte B)> palette)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 3; // colour type: indexed
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "PLTE", palette.SelectMany(c => new[] { c.R, c.G, c.B }).ToArray());

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            // Sub filter (type 1) on each row: neighbouring indices are often equal, which deflate likes.
            var row = new byte[width + 1];
            for (var y = 0; y < height; y++)
            {
                row[0] = 1;
                for (var x = 0; x < width; x++)
                {
                    var value = pixels[(y * width) + x];
                    var left = x > 0 ? pixels[(y * width) + x - 1] : (byte)0;
                    row[x + 1] = (byte)(value - left);
                }

                zlib.Write(row);
            }
        }

        WriteChunk(output, "IDAT", compressed.ToArray());
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32.Compute(typeBytes, data));
        stream.Write(crc);
    }
}
