using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomNode.Dicom;

namespace DicomNode.Benchmarks;

/// <summary>
/// A 256×256, 16-bit MR Image Storage instance built with the DicomDataset API: a header of about seventy
/// elements such as a scanner writes (patient, study, series, MR acquisition, image plane and pixel
/// modules, and a Referenced Image Sequence of three items) and 131,072 bytes of OW Pixel Data.
/// </summary>
internal static class MrInstance
{
    public const int Rows = 256;
    public const int Columns = 256;
    public const int PixelDataLength = Rows * Columns * 2;

    private const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    private const string UidRoot = "1.2.826.0.1.3680043.10.1337";
    private const string StudyInstanceUid = UidRoot + ".1.20250611";
    private const string SeriesInstanceUid = UidRoot + ".2.20250611";
    private const string FrameOfReferenceUid = UidRoot + ".3.20250611";

    /// <summary>
    /// Instance <paramref name="number"/> (0 … 8999) of the series. SOP Instance UIDs differ only in a
    /// four-digit component, so every instance encodes to the same number of bytes.
    /// </summary>
    public static DicomFile Create(int number)
    {
        var d = new DicomDataset();
        var sopInstanceUid = SopInstanceUid(number);
        Text(d, DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        Text(d, DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\M\\ND");
        Text(d, DicomTags.InstanceCreationDate, DicomVR.DA, "20250611");
        Text(d, DicomTags.InstanceCreationTime, DicomVR.TM, "101530.123456");
        Text(d, DicomTags.SOPClassUID, DicomVR.UI, MrImageStorage);
        Text(d, DicomTags.SOPInstanceUID, DicomVR.UI, sopInstanceUid);
        Text(d, DicomTags.StudyDate, DicomVR.DA, "20250611");
        Text(d, DicomTags.SeriesDate, DicomVR.DA, "20250611");
        Text(d, DicomTags.AcquisitionDate, DicomVR.DA, "20250611");
        Text(d, DicomTags.ContentDate, DicomVR.DA, "20250611");
        Text(d, DicomTags.StudyTime, DicomVR.TM, "100201");
        Text(d, DicomTags.SeriesTime, DicomVR.TM, "101002");
        Text(d, DicomTags.AcquisitionTime, DicomVR.TM, "101500.250000");
        Text(d, DicomTags.ContentTime, DicomVR.TM, "101530.123456");
        Text(d, DicomTags.AccessionNumber, DicomVR.SH, "A20250611042");
        Text(d, DicomTags.Modality, DicomVR.CS, "MR");
        Text(d, DicomTags.Manufacturer, DicomVR.LO, "DicomNode Benchmarks");
        Text(d, DicomTags.InstitutionName, DicomVR.LO, "General Hospital");
        Text(d, DicomTags.ReferringPhysicianName, DicomVR.PN, "Moreau^Claire^^Dr");
        Text(d, DicomTags.StationName, DicomVR.SH, "MR3T-02");
        Text(d, DicomTags.StudyDescription, DicomVR.LO, "MRI BRAIN WITHOUT CONTRAST");
        Text(d, DicomTags.SeriesDescription, DicomVR.LO, "t2_tse_tra");
        Text(d, DicomTags.ManufacturerModelName, DicomVR.LO, "Synthetic 3T");
        d.Add(ReferencedImages(number));
        Text(d, DicomTags.PatientName, DicomVR.PN, "Dupont^Jean^Pierre");
        Text(d, DicomTags.PatientID, DicomVR.LO, "PAT-004217");
        Text(d, DicomTags.PatientBirthDate, DicomVR.DA, "19640312");
        Text(d, DicomTags.PatientSex, DicomVR.CS, "M");
        Text(d, DicomTags.PatientAge, DicomVR.AS, "061Y");
        Text(d, DicomTags.PatientWeight, DicomVR.DS, "82");
        Text(d, DicomTags.ScanningSequence, DicomVR.CS, "SE");
        Text(d, DicomTags.SequenceVariant, DicomVR.CS, "SK\\SP\\OSP");
        Text(d, DicomTags.ScanOptions, DicomVR.CS, "PFP\\SAT1");
        Text(d, DicomTags.MRAcquisitionType, DicomVR.CS, "2D");
        Text(d, DicomTags.SliceThickness, DicomVR.DS, "3");
        Text(d, DicomTags.RepetitionTime, DicomVR.DS, "5000");
        Text(d, DicomTags.EchoTime, DicomVR.DS, "98");
        Text(d, DicomTags.NumberOfAverages, DicomVR.DS, "2");
        Text(d, DicomTags.ImagingFrequency, DicomVR.DS, "123.251996");
        Text(d, DicomTags.ImagedNucleus, DicomVR.SH, "1H");
        Text(d, DicomTags.EchoNumbers, DicomVR.IS, "1");
        Text(d, DicomTags.MagneticFieldStrength, DicomVR.DS, "3");
        Text(d, DicomTags.SpacingBetweenSlices, DicomVR.DS, "3.3");
        Text(d, DicomTags.EchoTrainLength, DicomVR.IS, "18");
        Text(d, DicomTags.PercentSampling, DicomVR.DS, "100");
        Text(d, DicomTags.PixelBandwidth, DicomVR.DS, "220");
        Text(d, DicomTags.ProtocolName, DicomVR.LO, "t2_tse_tra");
        Text(d, DicomTags.FlipAngle, DicomVR.DS, "150");
        Text(d, DicomTags.PatientPosition, DicomVR.CS, "HFS");
        Text(d, DicomTags.StudyInstanceUID, DicomVR.UI, StudyInstanceUid);
        Text(d, DicomTags.SeriesInstanceUID, DicomVR.UI, SeriesInstanceUid);
        Text(d, DicomTags.StudyID, DicomVR.SH, "42");
        Text(d, DicomTags.SeriesNumber, DicomVR.IS, "3");
        Text(d, DicomTags.InstanceNumber, DicomVR.IS, (number + 1).ToString(CultureInfo.InvariantCulture));
        var z = (-60.0 + (3.3 * number)).ToString("F4", CultureInfo.InvariantCulture);
        Text(d, DicomTags.ImagePositionPatient, DicomVR.DS, $"-115.0000\\-128.0000\\{z}");
        Text(d, DicomTags.ImageOrientationPatient, DicomVR.DS, "1\\0\\0\\0\\1\\0");
        Text(d, DicomTags.FrameOfReferenceUID, DicomVR.UI, FrameOfReferenceUid);
        Text(d, DicomTags.SliceLocation, DicomVR.DS, z);
        UInt16(d, DicomTags.SamplesPerPixel, 1);
        Text(d, DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        UInt16(d, DicomTags.Rows, Rows);
        UInt16(d, DicomTags.Columns, Columns);
        Text(d, DicomTags.PixelSpacing, DicomVR.DS, "0.8984375\\0.8984375");
        UInt16(d, DicomTags.BitsAllocated, 16);
        UInt16(d, DicomTags.BitsStored, 12);
        UInt16(d, DicomTags.HighBit, 11);
        UInt16(d, DicomTags.PixelRepresentation, 0);
        Text(d, DicomTags.WindowCenter, DicomVR.DS, "600");
        Text(d, DicomTags.WindowWidth, DicomVR.DS, "1200");
        d.Add(new DicomValueElement(DicomTags.PixelData, DicomVR.OW, Pixels(number)));
        return new DicomFile(d, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    public static string SopInstanceUid(int number) =>
        $"{UidRoot}.4.20250611.{1000 + number}";

    private static DicomSequence ReferencedImages(int number)
    {
        // Three localizer images, as a scanner references them from every slice.
        var items = new List<DicomDataset>();
        for (var i = 0; i < 3; i++)
        {
            var item = new DicomDataset();
            Text(item, DicomTags.ReferencedSOPClassUID, DicomVR.UI, MrImageStorage);
            Text(item, DicomTags.ReferencedSOPInstanceUID, DicomVR.UI, $"{UidRoot}.5.20250611.{1000 + ((number + i) % 3)}");
            items.Add(item);
        }

        return new DicomSequence(DicomTags.ReferencedImageSequence, items);
    }

    /// <summary>A 12-bit phantom: a bright disc on a dimmer background with deterministic noise.</summary>
    private static byte[] Pixels(int number)
    {
        var bytes = new byte[PixelDataLength];
        var random = new Random(number);
        for (var y = 0; y < Rows; y++)
        {
            for (var x = 0; x < Columns; x++)
            {
                var dx = x - (Columns / 2);
                var dy = y - (Rows / 2);
                var inside = (dx * dx) + (dy * dy) < 90 * 90;
                var value = (inside ? 900 : 120) + random.Next(-40, 41);
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(((y * Columns) + x) * 2), (ushort)Math.Clamp(value, 0, 4095));
            }
        }

        return bytes;
    }

    private static void Text(DicomDataset dataset, DicomTag tag, DicomVR vr, string value) =>
        dataset.Add(new DicomValueElement(tag, vr, Encoding.ASCII.GetBytes(value)));

    private static void UInt16(DicomDataset dataset, DicomTag tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        dataset.Add(new DicomValueElement(tag, DicomVR.US, bytes));
    }
}
