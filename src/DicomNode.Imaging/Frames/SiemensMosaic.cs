using System.Globalization;
using DicomNode.Dicom;

namespace DicomNode.Imaging.Frames;

/// <summary>
/// A Siemens mosaic: one classic image whose pixels hold the slices of a volume as tiles, n × n with n the smallest
/// integer whose square holds the Number of Images in Mosaic ((0019,xx0A) of "SIEMENS MR HEADER", or the CSA image
/// header's NumberOfImagesInMosaic). The header's Image Position is the top-left corner of the whole mosaic: the first
/// slice's corner lies half the difference of mosaic and tile size further along the row and column directions; the
/// slices follow each other along the CSA SliceNormalVector (the cross product of the cosines when absent) at the
/// spacing between slices.
/// </summary>
public static class SiemensMosaic
{
    public static FrameReading Unpack(DicomDataset dataset, ImageFrame mosaic)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(mosaic);
        var csa = SiemensCsaHeader.ImageHeaderOf(dataset);
        var count = ImagesInMosaic(dataset, csa);
        if (count is not > 0)
        {
            return FrameReading.Skip(
                "a Siemens mosaic without the number of images in it ((0019,100A) or the CSA header's NumberOfImagesInMosaic); a mosaic is never stacked as one slice");
        }

        var across = (int)Math.Ceiling(Math.Sqrt(count.Value));
        if (mosaic.Rows % across != 0 || mosaic.Columns % across != 0)
        {
            return FrameReading.Skip(string.Create(
                CultureInfo.InvariantCulture,
                $"a Siemens mosaic of {mosaic.Columns}×{mosaic.Rows} pixels cannot hold {count} tiles of equal size ({across} across)"));
        }

        var rows = mosaic.Rows / across;
        var columns = mosaic.Columns / across;
        var o = mosaic.Orientation;
        double[] row = [o[0], o[1], o[2]];
        double[] column = [o[3], o[4], o[5]];
        var normal = csa?.Numbers("SliceNormalVector") is { Length: 3 } n ? n : Cross(row, column);

        // Pixel Spacing is [between rows, between columns]: a step along the row direction is one column.
        var shiftColumns = (mosaic.Columns - columns) / 2.0 * mosaic.Spacing[1];
        var shiftRows = (mosaic.Rows - rows) / 2.0 * mosaic.Spacing[0];
        var first = new double[3];
        for (var a = 0; a < 3; a++)
        {
            first[a] = mosaic.Position[a] + (row[a] * shiftColumns) + (column[a] * shiftRows);
        }

        var step = mosaic.Thickness > 0 ? mosaic.Thickness : 1.0;
        var frames = new List<ImageFrame>(count.Value);
        for (var k = 0; k < count.Value; k++)
        {
            frames.Add(mosaic with
            {
                Rows = rows,
                Columns = columns,
                Position = [first[0] + (normal[0] * step * k), first[1] + (normal[1] * step * k), first[2] + (normal[2] * step * k)],
                MosaicTile = (k % across * columns, k / across * rows),
            });
        }

        return new FrameReading(frames, null);
    }

    private static int? ImagesInMosaic(DicomDataset d, SiemensCsaHeader? csa)
    {
        if (d.FindPrivateTag(0x0019, DiffusionReader.SiemensCreator, 0x0A) is { } tag && d[tag] is DicomValueElement element)
        {
            if (element.VR == DicomVR.US && d.TryGetInt32(tag, out var us))
            {
                return us;
            }

            // Under UN the value is the two bytes of the US.
            if (element.Bytes.Length == 2)
            {
                return element.Bytes.Span[0] | (element.Bytes.Span[1] << 8);
            }
        }

        return csa?.Numbers("NumberOfImagesInMosaic") is [var n, ..] && n >= 1 ? (int)n : null;
    }

    private static double[] Cross(double[] a, double[] b) =>
        [(a[1] * b[2]) - (a[2] * b[1]), (a[2] * b[0]) - (a[0] * b[2]), (a[0] * b[1]) - (a[1] * b[0])];
}
