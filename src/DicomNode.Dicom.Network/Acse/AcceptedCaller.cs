namespace DicomNode.Dicom.Network.Acse;

/// <summary>A calling AE title the node accepts, optionally only from one host (name or address).</summary>
public sealed record AcceptedCaller(string AeTitle, string? Host = null);
