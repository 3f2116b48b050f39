using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;

namespace DicomNode.Workflow.Tests.Support;

/// <summary>Small synthetic instances (no patient data) and a way to push one through a C-STORE handler.</summary>
internal static class TestInstances
{
    public const string MrImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    private static readonly DicomUidGenerator Uids = new();

    public static string NewUid() => Uids.Generate();

    public static DicomDataset Dataset(string study, string series, string sop, string modality = "MR", string sopClass = MrImageStorage) =>
        new DicomDataset()
            .SetUid(DicomTags.SOPClassUID, sopClass)
            .SetUid(DicomTags.SOPInstanceUID, sop)
            .SetUid(DicomTags.StudyInstanceUID, study)
            .SetUid(DicomTags.SeriesInstanceUID, series)
            .SetString(DicomTags.Modality, modality)
            .SetUInt16(DicomTags.Rows, 2)
            .SetUInt16(DicomTags.Columns, 2)
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[8]);

    /// <summary>The data set as a C-STORE carries it: Explicit VR Little Endian, no meta header.</summary>
    public static byte[] Encode(DicomDataset dataset)
    {
        using var buffer = new MemoryStream();
        Part10Writer.WriteDataset(buffer, dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
        return buffer.ToArray();
    }

    public static void WriteFile(string path, DicomDataset dataset)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        Part10Writer.WriteFile(path, new DicomFile(dataset, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    /// <summary>Drives a handler as the association does: begin, fragments, complete, dispose.</summary>
    public static async Task<DimseStatus> StoreAsync(ICStoreHandler handler, byte[] dataset, string sopClass, string sop, string callingAe = "MODALITY")
    {
        var association = new AssociationInfo(Guid.NewGuid(), callingAe, "DICOMNODE", "127.0.0.1", 40000, false, Array.Empty<AcceptedPresentationContext>(), 16384);
        var request = new CStoreRequestContext(association, sopClass, sop, DicomTransferSyntax.ExplicitVRLittleEndian.Uid, 1, 0, null);
        var sink = await handler.BeginStoreAsync(request, CancellationToken.None);
        await using (sink)
        {
            for (var offset = 0; offset < dataset.Length; offset += 100)
            {
                await sink.WriteAsync(dataset.AsMemory(offset, Math.Min(100, dataset.Length - offset)), CancellationToken.None);
            }

            return await sink.CompleteAsync(CancellationToken.None);
        }
    }

    public static Task<DimseStatus> StoreAsync(ICStoreHandler handler, DicomDataset dataset, string callingAe = "MODALITY") =>
        StoreAsync(handler, Encode(dataset), dataset.GetUid(DicomTags.SOPClassUID)!, dataset.GetUid(DicomTags.SOPInstanceUID)!, callingAe);
}
