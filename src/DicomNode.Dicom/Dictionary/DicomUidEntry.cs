namespace DicomNode.Dicom.Dictionary;

/// <summary>One row of the PS3.6 Annex A UID registry.</summary>
/// <param name="Uid">The UID value, e.g. 1.2.840.10008.1.2.1.</param>
/// <param name="Name">PS3.6 name, e.g. "Explicit VR Little Endian"; empty for a few retired rows the standard leaves unnamed.</param>
/// <param name="Keyword">PS3.6 keyword, e.g. ExplicitVRLittleEndian; empty where the standard gives none.</param>
/// <param name="Type">The UID type.</param>
/// <param name="IsRetired">True when PS3.6 marks the UID retired.</param>
public sealed record DicomUidEntry(string Uid, string Name, string Keyword, DicomUidType Type, bool IsRetired);
