namespace DicomNode.Dicom.Dictionary;

/// <summary>TEMPORARY STUB — replaced by the generated dictionary.</summary>
public static class DicomDictionary
{
    public static DicomDictionaryEntry? Lookup(DicomTag tag) => null;

    public static DicomDictionaryEntry? Lookup(string keyword) => null;
}
