using DicomNode.Dicom;
using DicomNode.Dicom.IO;

namespace DicomNode.Service.Tests.Node;

/// <summary>A small MR series written to a folder with our own writer: one study, unique instance UIDs.</summary>
internal static class TestSeries
{
    public static IReadOnlyDictionary<string, string> Write(string folder, int count, int size = 64)
    {
        Directory.CreateDirectory(folder);
        var uids = new DicomUidGenerator();
        var study = uids.Generate();
        var series = uids.Generate();
        var pixels = new byte[size * size * 2];
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var instance = uids.Generate();
            pixels[0] = (byte)i;
            var dataset = new DicomDataset()
                .SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
                .SetUid(DicomTags.SOPInstanceUID, instance)
                .SetUid(DicomTags.StudyInstanceUID, study)
                .SetUid(DicomTags.SeriesInstanceUID, series)
                .SetString(DicomTags.Modality, "MR")
                .SetString(DicomTags.PatientID, "CRASHTEST")
                .SetIntegerStrings(DicomTags.InstanceNumber, i + 1)
                .SetUInt16(DicomTags.Rows, (ushort)size)
                .SetUInt16(DicomTags.Columns, (ushort)size)
                .SetUInt16(DicomTags.BitsAllocated, 16)
                .SetUInt16(DicomTags.BitsStored, 16)
                .SetUInt16(DicomTags.HighBit, 15)
                .SetUInt16(DicomTags.PixelRepresentation, 0)
                .SetUInt16(DicomTags.SamplesPerPixel, 1)
                .SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2")
                .SetBytes(DicomTags.PixelData, DicomVR.OW, pixels.ToArray());
            var path = Path.Combine(folder, $"{i + 1:D4}.dcm");
            Part10Writer.WriteFile(path, new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
            files[path] = instance;
        }

        return files;
    }
}
