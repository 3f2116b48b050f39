using DicomNode.Dicom.Network.Association;

namespace DicomNode.Dicom.Network.Services;

/// <summary>Told about every association a server sees, for the audit log and metrics.</summary>
public interface IAssociationObserver
{
    void AssociationEnded(AssociationRecord record);
}

/// <summary>
/// One association as the audit log records it: when, who called whom from where, accepted or why not,
/// how many instances were stored, how it ended. No patient information.
/// </summary>
public sealed record AssociationRecord(
    DateTimeOffset Started,
    DateTimeOffset Ended,
    string? CallingAeTitle,
    string? CalledAeTitle,
    string PeerAddress,
    int PeerPort,
    bool Accepted,
    string Decision,
    int InstancesStored,
    string Outcome);
