using DicomNode.Dicom;

namespace DicomNode.Imaging.Tests;

/// <summary>Small in-memory MR images whose pixel value encodes (i, j, slice), for stacking tests.</summary>
internal static class SyntheticSeries
{
    public const string SeriesUid = "2.25.1234";

    public static readonly double[] Axial = [1, 0, 0, 0, 1, 0];

    public static DicomFile Slice(int instance, double[] position, double[] orientation, int columns = 4, int rows = 3, double? bValue = null, double slope = 1, double intercept = 0)
    {
        var d = new DicomDataset();
        d.SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4");
        d.SetUid(DicomTags.SOPInstanceUID, $"{SeriesUid}.{instance}");
        d.SetUid(DicomTags.SeriesInstanceUID, SeriesUid);
        d.SetIntegerStrings(DicomTags.InstanceNumber, instance);
        d.SetDecimalStrings(DicomTags.ImagePositionPatient, position);
        d.SetDecimalStrings(DicomTags.ImageOrientationPatient, orientation);
        d.SetDecimalStrings(DicomTags.PixelSpacing, 2.0, 0.5);
        d.SetDecimalStrings(DicomTags.SliceThickness, 5);
        d.SetUInt16(DicomTags.Rows, (ushort)rows);
        d.SetUInt16(DicomTags.Columns, (ushort)columns);
        d.SetUInt16(DicomTags.SamplesPerPixel, 1);
        d.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        d.SetUInt16(DicomTags.BitsAllocated, 16);
        d.SetUInt16(DicomTags.BitsStored, 16);
        d.SetUInt16(DicomTags.HighBit, 15);
        d.SetUInt16(DicomTags.PixelRepresentation, 0);
        if (slope != 1 || intercept != 0)
        {
            d.SetDecimalStrings(DicomTags.RescaleSlope, slope);
            d.SetDecimalStrings(DicomTags.RescaleIntercept, intercept);
        }

        if (bValue is { } b)
        {
            d.SetDouble(DicomTags.DiffusionBValue, b);
        }

        var bytes = new byte[columns * rows * 2];
        for (var j = 0; j < rows; j++)
        {
            for (var i = 0; i < columns; i++)
            {
                var value = (ushort)Value(i, j, instance);
                var v = i + (columns * j);
                bytes[2 * v] = (byte)value;
                bytes[(2 * v) + 1] = (byte)(value >> 8);
            }
        }

        d.SetBytes(DicomTags.PixelData, DicomVR.OW, bytes);
        return new DicomFile(d, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>The stored value of pixel (i, j) of an instance.</summary>
    public static int Value(int i, int j, int instance) => (1000 * instance) + (10 * j) + i;
}
