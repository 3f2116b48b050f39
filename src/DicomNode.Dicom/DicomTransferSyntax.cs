namespace DicomNode.Dicom;

/// <summary>A transfer syntax: how a data set is encoded (PS3.5 §10).</summary>
public sealed class DicomTransferSyntax
{
    private static readonly Dictionary<string, DicomTransferSyntax> Known = new(StringComparer.Ordinal);

    public static readonly DicomTransferSyntax ImplicitVRLittleEndian =
        Register("1.2.840.10008.1.2", "Implicit VR Little Endian", explicitVR: false);

    public static readonly DicomTransferSyntax ExplicitVRLittleEndian =
        Register("1.2.840.10008.1.2.1", "Explicit VR Little Endian");

    public static readonly DicomTransferSyntax EncapsulatedUncompressedExplicitVRLittleEndian =
        Register("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian", encapsulated: true);

    public static readonly DicomTransferSyntax DeflatedExplicitVRLittleEndian =
        Register("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", deflated: true);

    public static readonly DicomTransferSyntax ExplicitVRBigEndian =
        Register("1.2.840.10008.1.2.2", "Explicit VR Big Endian (Retired)", bigEndian: true);

    public static readonly DicomTransferSyntax RleLossless =
        Register("1.2.840.10008.1.2.5", "RLE Lossless", encapsulated: true);

    public static readonly DicomTransferSyntax JpegBaseline8Bit =
        Register("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", encapsulated: true);

    public static readonly DicomTransferSyntax JpegExtended12Bit =
        Register("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", encapsulated: true);

    public static readonly DicomTransferSyntax JpegLossless =
        Register("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", encapsulated: true);

    public static readonly DicomTransferSyntax JpegLosslessSV1 =
        Register("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", encapsulated: true);

    public static readonly DicomTransferSyntax JpegLSLossless =
        Register("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression", encapsulated: true);

    public static readonly DicomTransferSyntax JpegLSNearLossless =
        Register("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression", encapsulated: true);

    public static readonly DicomTransferSyntax Jpeg2000Lossless =
        Register("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)", encapsulated: true);

    public static readonly DicomTransferSyntax Jpeg2000 =
        Register("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression", encapsulated: true);

    private DicomTransferSyntax(string uid, string name, bool explicitVR, bool bigEndian, bool deflated, bool encapsulated)
    {
        Uid = uid;
        Name = name;
        IsExplicitVR = explicitVR;
        IsBigEndian = bigEndian;
        IsDeflated = deflated;
        IsEncapsulated = encapsulated;
    }

    public string Uid { get; }

    public string Name { get; }

    public bool IsExplicitVR { get; }

    public bool IsBigEndian { get; }

    public bool IsDeflated { get; }

    /// <summary>True when Pixel Data (7FE0,0010) is a sequence of fragments (PS3.5 §A.4).</summary>
    public bool IsEncapsulated { get; }

    /// <summary>
    /// The transfer syntax for <paramref name="uid"/>. A UID we do not list is taken as an encapsulated
    /// Explicit VR Little Endian syntax, as PS3.5 §A.4 requires of every compressed syntax; its pixel data
    /// are read as fragments and never decoded.
    /// </summary>
    public static DicomTransferSyntax Parse(string uid)
    {
        var key = uid.Trim().TrimEnd('\0');
        lock (Known)
        {
            if (Known.TryGetValue(key, out var ts))
            {
                return ts;
            }

            // Not remembered: a hostile peer or file could otherwise grow this table without bound.
            return new DicomTransferSyntax(key, key, explicitVR: true, bigEndian: false, deflated: false, encapsulated: true);
        }
    }

    /// <summary>Whether <paramref name="uid"/> names a transfer syntax listed in PS3.6 that we know by name.</summary>
    public static bool IsKnown(string uid)
    {
        lock (Known)
        {
            return Known.ContainsKey(uid);
        }
    }

    public override string ToString() => $"{Name} ({Uid})";

    private static DicomTransferSyntax Register(
        string uid, string name, bool explicitVR = true, bool bigEndian = false, bool deflated = false, bool encapsulated = false)
    {
        var ts = new DicomTransferSyntax(uid, name, explicitVR, bigEndian, deflated, encapsulated);
        Known[uid] = ts;
        return ts;
    }
}
