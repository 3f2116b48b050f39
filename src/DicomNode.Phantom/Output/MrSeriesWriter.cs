using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Phantom.Geometry;
using DicomNode.Phantom.Imaging;
using DicomNode.Phantom.Vendors;

namespace DicomNode.Phantom.Output;

/// <summary>
/// Writes one series as MR Image Storage instances, one file per slice (and per b-value), Explicit VR Little Endian,
/// filling every Type 1 and 2 attribute of the MR Image IOD's modules (PS3.3 A.4).
/// </summary>
internal static class MrSeriesWriter
{
    public const string SyntheticNotice = "Synthetic phantom for testing; not a patient. For demonstration and testing only, not for clinical use.";

    public static int Write(string folder, PhantomSubject subject, VendorProfile profile, SeriesProtocol series, AcquisitionProtocol acquisition, SynthesisedVolume volume)
    {
        Directory.CreateDirectory(folder);
        var geometry = volume.Geometry;
        var template = Template(subject, profile, series, acquisition, geometry);
        var images = series.Content switch
        {
            SeriesContent.Diffusion => series.BValues.Select(b => (b, (double?)b, volume.Images[VolumeSynthesizer.BKey(b)])).ToList(),
            SeriesContent.Adc => [(0.0, (double?)null, volume.Images["adc"])],
            _ => [(0.0, (double?)null, volume.Images["t1"])],
        };
        var written = 0;
        for (var n = 0; n < images.Count; n++)
        {
            var (_, b, pixels) = images[n];
            for (var k = 0; k < geometry.Slices; k++)
            {
                var instance = (n * geometry.Slices) + k + 1;
                var dataset = template.Clone();
                var uid = DeterministicUid.From("instance", subject.Seed, profile.Key, series.Number, instance);
                dataset.SetUid(DicomTags.SOPInstanceUID, uid);
                dataset.SetIntegerStrings(DicomTags.InstanceNumber, instance);
                var position = geometry.SlicePosition(k);
                dataset.SetDecimalStrings(DicomTags.ImagePositionPatient, Round(position.X), Round(position.Y), Round(position.Z));
                dataset.SetDecimalStrings(DicomTags.SliceLocation, Round(Vec3.Dot(position, geometry.Normal)));
                if (b is { } bValue)
                {
                    SetBValue(dataset, profile.Convention, bValue);
                }

                dataset.SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(pixels, geometry, k, series));
                var path = Path.Combine(folder, instance.ToString("D4", CultureInfo.InvariantCulture) + ".dcm");
                new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
                written++;
            }
        }

        return written;
    }

    /// <summary>Positions and directions are written with 6 decimals; the truth NIfTI uses the same rounded values.</summary>
    public static double Round(double value) => Math.Round(value, 6);

    private static DicomDataset Template(PhantomSubject subject, VendorProfile profile, SeriesProtocol series, AcquisitionProtocol a, VolumeGeometry g)
    {
        var date = new DateOnly(2024, 1, 1).AddDays(subject.Seed % 365);
        var time = new TimeOnly(8, 0).Add(TimeSpan.FromMinutes(subject.Seed % 480));
        var seriesTime = time.Add(TimeSpan.FromMinutes(series.Number % 60));
        var d = new DicomDataset();
        d.SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100");
        d.SetStrings(DicomTags.ImageType, series.ImageType);
        d.SetDate(DicomTags.InstanceCreationDate, date);
        d.SetTime(DicomTags.InstanceCreationTime, seriesTime);
        d.SetUid(DicomTags.SOPClassUID, DicomUids.MRImageStorage);
        d.SetDate(DicomTags.StudyDate, date);
        d.SetDate(DicomTags.SeriesDate, date);
        d.SetDate(DicomTags.AcquisitionDate, date);
        d.SetDate(DicomTags.ContentDate, date);
        d.SetTime(DicomTags.StudyTime, time);
        d.SetTime(DicomTags.SeriesTime, seriesTime);
        d.SetTime(DicomTags.AcquisitionTime, seriesTime);
        d.SetTime(DicomTags.ContentTime, seriesTime);
        d.SetString(DicomTags.AccessionNumber, "PH" + subject.Seed.ToString("D6", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.Modality, "MR");
        d.SetString(DicomTags.Manufacturer, profile.Manufacturer);
        d.SetString(DicomTags.InstitutionName, "DicomNode synthetic phantom");
        d.SetString(DicomTags.ReferringPhysicianName, string.Empty);
        d.SetString(DicomTags.StationName, "PHANTOM");
        d.SetString(DicomTags.StudyDescription, "MR Pelvis (synthetic phantom)");
        d.SetString(DicomTags.SeriesDescription, series.Description);
        d.SetString(DicomTags.ManufacturerModelName, profile.Model);
        d.SetString(DicomTags.PatientName, "PHANTOM^" + subject.Seed.ToString("D4", CultureInfo.InvariantCulture));
        d.SetString(DicomTags.PatientID, subject.Name.ToUpperInvariant());
        d.SetString(DicomTags.PatientBirthDate, string.Empty);
        d.SetString(DicomTags.PatientSex, "O");
        d.SetString(DicomTags.PatientComments, SyntheticNotice);
        d.SetString(DicomTags.BodyPartExamined, "PELVIS");
        d.SetStrings(DicomTags.ScanningSequence, a.ScanningSequence);
        d.SetStrings(DicomTags.SequenceVariant, a.SequenceVariant);
        if (a.ScanOptions.Length > 0)
        {
            d.SetStrings(DicomTags.ScanOptions, a.ScanOptions);
        }
        else
        {
            d.SetString(DicomTags.ScanOptions, string.Empty);
        }

        d.SetString(DicomTags.MRAcquisitionType, a.AcquisitionType);
        d.SetString(DicomTags.SequenceName, a.SequenceName);
        d.SetString(DicomTags.AngioFlag, "N");
        d.SetDecimalStrings(DicomTags.SliceThickness, a.SliceThickness);
        d.SetDecimalStrings(DicomTags.RepetitionTime, a.RepetitionTime);
        d.SetDecimalStrings(DicomTags.EchoTime, a.EchoTime);
        d.SetDecimalStrings(DicomTags.NumberOfAverages, 1);
        d.SetDecimalStrings(DicomTags.ImagingFrequency, profile.ImagingFrequency);
        d.SetString(DicomTags.ImagedNucleus, "1H");
        d.SetIntegerStrings(DicomTags.EchoNumbers, 1);
        d.SetDecimalStrings(DicomTags.MagneticFieldStrength, profile.FieldStrength);
        d.SetDecimalStrings(DicomTags.SpacingBetweenSlices, Round(g.SliceSpacing));
        d.SetIntegerStrings(DicomTags.EchoTrainLength, a.EchoTrainLength);
        d.SetDecimalStrings(DicomTags.PixelBandwidth, a.PixelBandwidth);
        d.SetString(DicomTags.SoftwareVersions, profile.SoftwareVersions);
        d.SetString(DicomTags.ProtocolName, series.Description);
        d.SetUInt16(DicomTags.AcquisitionMatrix, 0, (ushort)g.Columns, (ushort)g.Rows, 0);
        d.SetString(DicomTags.InPlanePhaseEncodingDirection, "COL");
        d.SetDecimalStrings(DicomTags.FlipAngle, a.FlipAngle);
        d.SetString(DicomTags.PatientPosition, "HFS");
        d.SetUid(DicomTags.StudyInstanceUID, DeterministicUid.From("study", subject.Seed, profile.Key));
        d.SetUid(DicomTags.SeriesInstanceUID, DeterministicUid.From("series", subject.Seed, profile.Key, series.Number));
        d.SetString(DicomTags.StudyID, "1");
        d.SetIntegerStrings(DicomTags.SeriesNumber, series.Number);
        d.SetIntegerStrings(DicomTags.AcquisitionNumber, 1);
        d.SetDecimalStrings(
            DicomTags.ImageOrientationPatient,
            Round(g.RowDirection.X), Round(g.RowDirection.Y), Round(g.RowDirection.Z),
            Round(g.ColumnDirection.X), Round(g.ColumnDirection.Y), Round(g.ColumnDirection.Z));
        d.SetUid(DicomTags.FrameOfReferenceUID, DeterministicUid.From("frame", subject.Seed, profile.Key));
        d.SetString(DicomTags.PositionReferenceIndicator, string.Empty);
        d.SetString(DicomTags.ImageComments, SyntheticNotice);
        d.SetUInt16(DicomTags.SamplesPerPixel, 1);
        d.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        d.SetUInt16(DicomTags.Rows, (ushort)g.Rows);
        d.SetUInt16(DicomTags.Columns, (ushort)g.Columns);
        d.SetDecimalStrings(DicomTags.PixelSpacing, g.RowSpacing, g.ColumnSpacing);
        d.SetUInt16(DicomTags.BitsAllocated, 16);
        d.SetUInt16(DicomTags.BitsStored, 12);
        d.SetUInt16(DicomTags.HighBit, 11);
        d.SetUInt16(DicomTags.PixelRepresentation, 0);
        var (centre, width) = series.Content switch
        {
            SeriesContent.Adc => (1400.0, 2800.0),
            SeriesContent.T1InPhase => (600.0, 1200.0),
            _ => (300.0, 600.0),
        };
        d.SetDecimalStrings(DicomTags.WindowCenter, centre);
        d.SetDecimalStrings(DicomTags.WindowWidth, width);
        if (series.HasRescale)
        {
            d.SetDecimalStrings(DicomTags.RescaleIntercept, series.RescaleIntercept);
            d.SetDecimalStrings(DicomTags.RescaleSlope, series.RescaleSlope);
            d.SetString(DicomTags.RescaleType, "US");
        }

        return d;
    }

    private static void SetBValue(DicomDataset d, BValueConvention convention, double b)
    {
        d.SetDouble(DicomTags.DiffusionBValue, b);
        switch (convention)
        {
            case BValueConvention.GE:
                var ge = d.ReservePrivateTag(0x0043, "GEMS_PARM_01", 0x39);
                d.SetString(ge, DicomVR.IS, string.Create(CultureInfo.InvariantCulture, $"{1_000_000_000 + (int)b}\\8\\0\\0"));
                break;
            case BValueConvention.Philips:
                var philips = d.ReservePrivateTag(0x2001, "Philips Imaging DD 001", 0x03);
                d.SetSingle(philips, (float)b);
                break;
            case BValueConvention.Siemens:
                var siemens = d.ReservePrivateTag(0x0019, "SIEMENS MR HEADER", 0x0C);
                d.SetIntegerStrings(siemens, (int)b);
                break;
        }
    }

    private static byte[] Pixels(float[] image, VolumeGeometry g, int k, SeriesProtocol series)
    {
        var count = g.Columns * g.Rows;
        var bytes = new byte[count * 2];
        var offset = k * count;
        for (var v = 0; v < count; v++)
        {
            var stored = (int)Math.Round((image[offset + v] - series.RescaleIntercept) / series.RescaleSlope);
            var value = (ushort)Math.Clamp(stored, 0, 4095);
            bytes[2 * v] = (byte)value;
            bytes[(2 * v) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }
}
