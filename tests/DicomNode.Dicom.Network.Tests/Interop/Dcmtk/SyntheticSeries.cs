using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>
/// A series of MR Image Storage instances written with our own data set API into a fresh temporary
/// folder: one study, one series, unique SOP Instance UIDs, 16-bit monochrome pixels. Disposing deletes it.
/// </summary>
internal sealed class SyntheticSeries : IDisposable
{
    private const string MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";

    private SyntheticSeries(string folder, IReadOnlyList<string> sopInstanceUids)
    {
        Folder = folder;
        SopInstanceUids = sopInstanceUids;
    }

    public string Folder { get; }

    public IReadOnlyList<string> SopInstanceUids { get; }

    public static SyntheticSeries Write(int count, int rows, int columns)
    {
        var folder = Directory.CreateTempSubdirectory("dicomnode-series-").FullName;
        var uids = new DicomUidGenerator();
        var study = uids.Generate();
        var series = uids.Generate();
        var frameOfReference = uids.Generate();
        var instances = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var sopInstance = uids.Generate();
            var dataset = new DicomDataset()
                .SetUid(DicomTags.SOPClassUID, MRImageStorage)
                .SetUid(DicomTags.SOPInstanceUID, sopInstance)
                .SetString(DicomTags.Modality, "MR")
                .SetString(DicomTags.PatientName, "Synthetic^Series")
                .SetString(DicomTags.PatientID, "SYNTH-1")
                .SetUid(DicomTags.StudyInstanceUID, study)
                .SetUid(DicomTags.SeriesInstanceUID, series)
                .SetUid(DicomTags.FrameOfReferenceUID, frameOfReference)
                .SetIntegerStrings(DicomTags.InstanceNumber, i)
                .SetDecimalStrings(DicomTags.ImagePositionPatient, 0, 0, i)
                .SetDecimalStrings(DicomTags.SliceThickness, 1)
                .SetUInt16(DicomTags.SamplesPerPixel, 1)
                .SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2")
                .SetUInt16(DicomTags.Rows, (ushort)rows)
                .SetUInt16(DicomTags.Columns, (ushort)columns)
                .SetUInt16(DicomTags.BitsAllocated, 16)
                .SetUInt16(DicomTags.BitsStored, 16)
                .SetUInt16(DicomTags.HighBit, 15)
                .SetUInt16(DicomTags.PixelRepresentation, 0)
                .SetBytes(DicomTags.PixelData, DicomVR.OW, Pixels(rows, columns, i));
            Part10Writer.WriteFile(Path.Combine(folder, $"{i:D4}.dcm"), new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
            instances.Add(sopInstance);
        }

        return new SyntheticSeries(folder, instances);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A gradient that differs per slice, so no two instances carry the same pixels.</summary>
    private static byte[] Pixels(int rows, int columns, int slice)
    {
        var pixels = new byte[rows * columns * 2];
        for (var p = 0; p < rows * columns; p++)
        {
            var value = (ushort)((p % columns) + (p / columns) + slice);
            pixels[2 * p] = (byte)value;
            pixels[(2 * p) + 1] = (byte)(value >> 8);
        }

        return pixels;
    }
}
