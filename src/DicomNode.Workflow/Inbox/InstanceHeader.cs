using DicomNode.Dicom;

namespace DicomNode.Workflow.Inbox;

/// <summary>The identifying attributes of a received data set, every UID checked before it may name a file.</summary>
/// <param name="PatientId">Patient ID (0010,0020) trimmed, empty when absent; compared with the study's, never logged.</param>
internal sealed record InstanceHeader(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid, string SopClassUid, string? Modality, string PatientId)
{
    /// <summary>Reads the header; <paramref name="problem"/> says which attribute is missing or not a valid UID.</summary>
    public static InstanceHeader? From(DicomDataset dataset, out string? problem)
    {
        var study = dataset.GetUid(DicomTags.StudyInstanceUID);
        var series = dataset.GetUid(DicomTags.SeriesInstanceUID);
        var sop = dataset.GetUid(DicomTags.SOPInstanceUID);
        var sopClass = dataset.GetUid(DicomTags.SOPClassUID);
        problem = Check("Study Instance UID (0020,000D)", study)
            ?? Check("Series Instance UID (0020,000E)", series)
            ?? Check("SOP Instance UID (0008,0018)", sop)
            ?? Check("SOP Class UID (0008,0016)", sopClass);
        if (problem is not null)
        {
            return null;
        }

        var modality = dataset.GetString(DicomTags.Modality);
        var patientId = dataset.GetString(DicomTags.PatientID)?.Trim() ?? string.Empty;
        return new InstanceHeader(study!, series!, sop!, sopClass!, string.IsNullOrWhiteSpace(modality) ? null : modality.Trim(), patientId);
    }

    private static string? Check(string name, string? uid) => uid switch
    {
        null or "" => $"{name} is missing",
        _ when !DicomUidValidator.IsValid(uid) => $"{name} is not a valid UID",
        _ => null,
    };
}
