using System.Text;

namespace DicomNode.Dicom.Text;

/// <summary>TEMPORARY STUB — replaced by the full character set support.</summary>
public sealed class DicomCharacterSet
{
    public static readonly DicomCharacterSet Default = new();

    public static DicomCharacterSet FromSpecificCharacterSet(IReadOnlyList<string> terms) => Default;

    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr) => Encoding.Latin1.GetString(bytes);

    public byte[] Encode(string text, DicomVR vr) => Encoding.Latin1.GetBytes(text);
}
