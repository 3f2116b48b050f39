using DicomNode.Dicom.Network.Dimse;

namespace DicomNode.Dicom.Network.Services;

/// <summary>What happened to one file sent with C-STORE: the peer's status, or why it was not sent.</summary>
public sealed record CStoreResult(string Source, string? SopInstanceUid, DimseStatus? Status, string? Error)
{
    public bool Succeeded => Status is { IsFailure: false } && Error is null;

    public override string ToString() => Succeeded
        ? $"{Source}: {Status}"
        : $"{Source}: {(Status is { } s ? s.ToString() : "not sent")}{(Error is null ? string.Empty : " — " + Error)}";
}
