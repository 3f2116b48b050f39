namespace DicomNode.Dicom.Network.Pdus;

/// <summary>
/// A presentation data value item (PS3.8 §9.3.5.1) with its message control header (PS3.8 Annex E.2):
/// bit 0 set for a command fragment, bit 1 set for the last fragment of the command or data set.
/// </summary>
public sealed record PresentationDataValue(byte PresentationContextId, bool IsCommand, bool IsLastFragment, ReadOnlyMemory<byte> Fragment);
