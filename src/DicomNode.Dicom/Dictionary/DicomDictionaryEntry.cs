namespace DicomNode.Dicom.Dictionary;

/// <summary>One row of the PS3.6 data dictionary.</summary>
/// <param name="Tag">The tag; for repeating groups such as (60xx,3000) the lowest, with <paramref name="Mask"/> saying which bits vary.</param>
/// <param name="Keyword">PS3.6 keyword, e.g. PatientName.</param>
/// <param name="Name">PS3.6 name, e.g. "Patient's Name".</param>
/// <param name="ValueRepresentations">One VR, or several (US or SS; OB or OW) where PS3.6 lists more.</param>
/// <param name="ValueMultiplicity">PS3.6 VM, e.g. "1", "1-n", "2-2n".</param>
/// <param name="IsRetired">True when PS3.6 marks the element retired.</param>
/// <param name="Mask">Bits of the tag that must match; 0xFFFFFFFF for a plain tag.</param>
public sealed record DicomDictionaryEntry(
    DicomTag Tag,
    string Keyword,
    string Name,
    DicomVR[] ValueRepresentations,
    string ValueMultiplicity,
    bool IsRetired,
    uint Mask = 0xFFFFFFFF)
{
    /// <summary>The VR an implicit VR reader uses: the first listed.</summary>
    public DicomVR VR => ValueRepresentations.Length > 0 ? ValueRepresentations[0] : DicomVR.UN;
}
