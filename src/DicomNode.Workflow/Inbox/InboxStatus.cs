using DicomNode.Dicom.Network.Dimse;

namespace DicomNode.Workflow.Inbox;

/// <summary>C-STORE statuses of the inbox beyond the standard's named ones.</summary>
internal static class InboxStatus
{
    /// <summary>
    /// PS3.4 Table B.2-1 "Error: cannot understand" (Cxxx): the instance would join a study sent by another calling AE
    /// title or of another Patient ID, or a series of another study.
    /// </summary>
    public static readonly DimseStatus StudyConflict = new(0xC001, DimseStatusCategory.Failure, "Error: cannot understand (study of another caller or patient)");
}
