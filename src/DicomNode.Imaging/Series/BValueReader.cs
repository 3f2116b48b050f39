using System.Globalization;
using DicomNode.Dicom;

namespace DicomNode.Imaging.Series;

/// <summary>
/// The diffusion b-value of an image (s/mm²): the standard Diffusion b-value (0018,9087) first, then the vendors'
/// private elements, each found through its private creator (PS3.5 §7.8.1) rather than a fixed block.
/// </summary>
public static class BValueReader
{
    /// <summary>GE puts b + 10⁹ in the first value of (0043,xx39) (the other values are flags).</summary>
    private const double GeOffset = 1_000_000_000;

    public static double? Read(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.TryGetDouble(DicomTags.DiffusionBValue, out var standard))
        {
            return standard;
        }

        if (dataset.FindPrivateTag(0x0043, "GEMS_PARM_01", 0x39) is { } ge && FirstNumber(dataset, ge) is { } slop)
        {
            return slop >= GeOffset ? slop - GeOffset : slop;
        }

        if (dataset.FindPrivateTag(0x0019, "SIEMENS MR HEADER", 0x0C) is { } siemens && FirstNumber(dataset, siemens) is { } s)
        {
            return s;
        }

        if (dataset.FindPrivateTag(0x2001, "Philips Imaging DD 001", 0x03) is { } philips && FirstNumber(dataset, philips) is { } p)
        {
            return p;
        }

        return null;
    }

    private static double? FirstNumber(DicomDataset dataset, DicomTag tag)
    {
        if (dataset.TryGetDouble(tag, out var value))
        {
            return value;
        }

        // Private elements read implicitly, or written by a tool that lost the VR, arrive as UN: read the text.
        var text = dataset.GetString(tag, 0);
        return text is not null && double.TryParse(text.Trim('\0', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out value) ? value : null;
    }
}
