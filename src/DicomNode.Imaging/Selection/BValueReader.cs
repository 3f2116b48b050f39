using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomNode.Dicom;

namespace DicomNode.Imaging.Selection;

/// <summary>
/// The diffusion b-value of one classic MR instance, from the standard attribute or one of the vendor private ones
/// (dicom-facts.md §5.1). Private elements are found through their creator (PS3.5 §7.8.1), never by a fixed element.
/// </summary>
internal static class BValueReader
{
    public const string GeCreator = "GEMS_PARM_01";
    public const string SiemensCreator = "SIEMENS MR HEADER";
    public const string PhilipsCreator = "Philips Imaging DD 001";

    // GE (0043,1039) "Slop Integer 6 to 9": the first value carries the b-value plus a 1e9 bias, e.g. 1000000800\8\0\0
    // means b = 800; dcm2niix set_bValGE() takes it modulo 1e9, which also reads values written without the bias.
    private const long GeBias = 1_000_000_000;

    /// <summary>Where the b-value was found, first hit wins: standard (0018,9087), then GE, Siemens, Philips.</summary>
    public static double? Read(DicomDataset d)
    {
        if (d.TryGetDouble(DicomTags.DiffusionBValue, out var standard) && IsPlausible(standard))
        {
            return standard;
        }

        if (d.FindPrivateTag(0x0043, GeCreator, 0x39) is { } ge && ReadInteger(d, ge) is { } biased)
        {
            return biased % GeBias;
        }

        if (d.FindPrivateTag(0x0019, SiemensCreator, 0x0C) is { } siemens && ReadInteger(d, siemens) is { } b)
        {
            return b;
        }

        if (d.FindPrivateTag(0x2001, PhilipsCreator, 0x03) is { } philips && ReadSingle(d, philips) is { } f && IsPlausible(f))
        {
            return f;
        }

        return null;
    }

    private static bool IsPlausible(double b) => double.IsFinite(b) && b >= 0;

    // IS in explicit VR; UN (raw text) when an implicit VR file leaves the private element's VR unknown.
    private static long? ReadInteger(DicomDataset d, DicomTag tag)
    {
        if (d[tag] is not DicomValueElement element)
        {
            return null;
        }

        if (element.VR == DicomVR.UN)
        {
            var text = Encoding.ASCII.GetString(element.Bytes.Span).Split('\\')[0].Trim(' ', '\0');
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 ? parsed : null;
        }

        return d.TryGetInt64(tag, out var value) && value >= 0 ? value : null;
    }

    // FL in explicit VR; four raw little-endian bytes under UN.
    private static double? ReadSingle(DicomDataset d, DicomTag tag)
    {
        if (d[tag] is not DicomValueElement element)
        {
            return null;
        }

        if (element.VR == DicomVR.UN)
        {
            return element.Bytes.Length == 4 ? BinaryPrimitives.ReadSingleLittleEndian(element.Bytes.Span) : null;
        }

        return d.TryGetDouble(tag, out var value) ? value : null;
    }
}
