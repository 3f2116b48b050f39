namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// One expiry of an <see cref="ArtimTimer"/>, identifying the start it belongs to, so that an expiry that was
/// already on its way when the timer was stopped or restarted can be recognised and dropped
/// (<see cref="ArtimTimer.IsCurrent"/>).
/// </summary>
internal readonly record struct ArtimExpiry(long Generation);
