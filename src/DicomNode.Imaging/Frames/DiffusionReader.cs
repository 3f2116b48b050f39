using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomNode.Dicom;

namespace DicomNode.Imaging.Frames;

/// <summary>
/// The one reader of diffusion encodings, for selection and for stacking alike (dicom-facts.md §5.1): the standard
/// Diffusion b-value (0018,9087) at the top level or in an Enhanced MR frame's MR Diffusion Sequence (0018,9117), then
/// GE (0043,xx39) with or without its 10⁹ bias, Siemens (0019,xx0C) and the CSA header's B_value, Philips (2001,xx03).
/// Private elements are found through their creator (PS3.5 §7.8.1). A value is read in whatever VR the file carries:
/// its own, or OB/UN where a de-identifier or an Implicit VR transfer lost it (text for IS, four bytes for FL).
/// </summary>
public static class DiffusionReader
{
    public const string GeCreator = "GEMS_PARM_01";
    public const string GeAcquisitionCreator = "GEMS_ACQU_01";
    public const string SiemensCreator = "SIEMENS MR HEADER";
    public const string PhilipsCreator = "Philips Imaging DD 001";
    public const string PhilipsGradientCreator = "Philips MR Imaging DD 001";

    /// <summary>GE (0043,1039) holds b + 10⁹ in its first value on newer software, b alone on older.</summary>
    private const long GeBias = 1_000_000_000;

    /// <summary>Where the b-value may be, for messages that say where the node looked.</summary>
    public const string Sources = "(0018,9087) and the MR Diffusion Sequence, GE (0043,1039), Siemens (0019,100C) and its CSA header, Philips (2001,1003)";

    // ImageType (or FrameType) values that mark a trace-weighted image (Siemens TRACEW, the standard's DIFFUSION_ISO).
    private static readonly string[] TraceTokens = ["TRACEW", "TRACE", "ISODWI", "DIFFUSION_ISO", "ISOTROPIC"];

    /// <summary>The b-value of an image; null when no source gives one.</summary>
    public static double? ReadBValue(DicomDataset image, DicomDataset? frameGroups = null) => Read(image, frameGroups).BValue;

    /// <summary>
    /// The diffusion encoding of a classic image (<paramref name="frameGroups"/> null) or of one Enhanced MR frame, whose
    /// functional groups (per-frame over shared) are in <paramref name="frameGroups"/>.
    /// </summary>
    public static DiffusionEncoding Read(DicomDataset image, DicomDataset? frameGroups = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (frameGroups?.GetSequence(DicomTags.MRDiffusionSequence)?.Items.FirstOrDefault() is { } frameDiffusion)
        {
            return Standard(frameDiffusion, image, frameGroups);
        }

        if (image.Contains(DicomTags.DiffusionBValue))
        {
            return Standard(image, image, frameGroups);
        }

        if (Ge(image) is { } ge)
        {
            return ge;
        }

        if (Siemens(image) is { } siemens)
        {
            return siemens;
        }

        return Philips(image) ?? DiffusionEncoding.NotDiffusion;
    }

    private static DiffusionEncoding Standard(DicomDataset diffusion, DicomDataset image, DicomDataset? frameGroups)
    {
        double? b = diffusion.TryGetDouble(DicomTags.DiffusionBValue, out var value) && IsPlausible(value) ? value : null;

        // Philips classic images carry (0018,9087) beside their private elements: the direction "I" of the isotropic
        // image, and the gradient.
        var philips = Philips(image);

        // The gradient in its sequence (Enhanced MR), at the image's top level (classic Philips), or in a vendor element.
        var gradient = diffusion.GetSequence(DicomTags.DiffusionGradientDirectionSequence)?.Items.FirstOrDefault() is { } g
            && g.GetDoubles(DicomTags.DiffusionGradientOrientation) is { Length: 3 } v ? v
            : diffusion.GetDoubles(DicomTags.DiffusionGradientOrientation) is { Length: 3 } top ? top
            : frameGroups is null ? (Ge(image)?.Gradient ?? philips?.Gradient ?? Siemens(image)?.Gradient)?.ToArray() : null;
        var stated = Directionality(diffusion.GetString(DicomTags.DiffusionDirectionality));
        if (stated == DiffusionDirectionality.Unknown && philips is { Directionality: not DiffusionDirectionality.Unknown })
        {
            stated = philips.Directionality;
        }

        return new DiffusionEncoding(b, Settle(stated, b, gradient, image, frameGroups), gradient);
    }

    private static DiffusionEncoding? Ge(DicomDataset d)
    {
        if (d.FindPrivateTag(0x0043, GeCreator, 0x39) is not { } tag || ReadNumber(d, tag, binary: false) is not { } biased || biased < 0)
        {
            return null;
        }

        var b = (double)((long)biased % GeBias);
        double[]? gradient = null;
        if (d.FindPrivateTag(0x0019, GeAcquisitionCreator, 0xBB) is { } x
            && d.FindPrivateTag(0x0019, GeAcquisitionCreator, 0xBC) is { } y
            && d.FindPrivateTag(0x0019, GeAcquisitionCreator, 0xBD) is { } z
            && ReadNumber(d, x, false) is { } gx && ReadNumber(d, y, false) is { } gy && ReadNumber(d, z, false) is { } gz)
        {
            gradient = [gx, gy, gz];
        }

        return new DiffusionEncoding(b, Settle(DiffusionDirectionality.Unknown, b, gradient, d, null), gradient);
    }

    private static DiffusionEncoding? Siemens(DicomDataset d)
    {
        double? b = d.FindPrivateTag(0x0019, SiemensCreator, 0x0C) is { } tag ? ReadNumber(d, tag, binary: false) : null;
        var csa = b is null ? SiemensCsaHeader.ImageHeaderOf(d) : null;
        if (b is null && csa?.Numbers("B_value") is [var csaB, ..])
        {
            b = csaB;
        }

        if (b is not { } value || !IsPlausible(value))
        {
            return null;
        }

        var stated = d.FindPrivateTag(0x0019, SiemensCreator, 0x0D) is { } dir ? Directionality(TextOf(d, dir)) : DiffusionDirectionality.Unknown;
        double[]? gradient = d.FindPrivateTag(0x0019, SiemensCreator, 0x0E) is { } g && d[g] is DicomValueElement { VR: DicomVR.FD } && d.GetDoubles(g) is { Length: 3 } v ? v : null;
        return new DiffusionEncoding(value, Settle(stated, value, gradient, d, null), gradient);
    }

    private static DiffusionEncoding? Philips(DicomDataset d)
    {
        if (d.FindPrivateTag(0x2001, PhilipsCreator, 0x03) is not { } tag || ReadNumber(d, tag, binary: true) is not { } b || !IsPlausible(b))
        {
            return null;
        }

        // (2001,xx04): "I" isotropic (the scanner's trace image), "O" oblique and "P", "M", "S" along an axis; b0 images vary.
        var stated = d.FindPrivateTag(0x2001, PhilipsCreator, 0x04) is { } dir
            ? TextOf(d, dir)?.Trim().ToUpperInvariant() switch
            {
                "I" => DiffusionDirectionality.Isotropic,
                null or "" => DiffusionDirectionality.Unknown,
                _ => b > 0 ? DiffusionDirectionality.Directional : DiffusionDirectionality.None,
            }
            : DiffusionDirectionality.Unknown;
        double[]? gradient = null;
        if (d.FindPrivateTag(0x2005, PhilipsGradientCreator, 0xB0) is { } x
            && d.FindPrivateTag(0x2005, PhilipsGradientCreator, 0xB1) is { } y
            && d.FindPrivateTag(0x2005, PhilipsGradientCreator, 0xB2) is { } z
            && ReadNumber(d, x, true) is { } gx && ReadNumber(d, y, true) is { } gy && ReadNumber(d, z, true) is { } gz)
        {
            gradient = [gx, gy, gz];
        }

        return new DiffusionEncoding(b, Settle(stated, b, gradient, d, null), gradient);
    }

    /// <summary>
    /// What the header states wins; otherwise b = 0 is no weighting, a trace token in ImageType or FrameType is
    /// isotropic, and a b &gt; 0 with a zero gradient is the scanner's isotropic image (dicom-facts.md §5.1).
    /// </summary>
    private static DiffusionDirectionality Settle(DiffusionDirectionality stated, double? b, double[]? gradient, DicomDataset image, DicomDataset? frameGroups)
    {
        if (b == 0)
        {
            return DiffusionDirectionality.None;
        }

        var types = frameGroups?.GetSequence(DicomTags.MRImageFrameTypeSequence)?.Items.FirstOrDefault()?.GetStrings(DicomTags.FrameType)
            ?? image.GetStrings(DicomTags.ImageType);
        if (types.Any(t => TraceTokens.Contains(t.Trim(), StringComparer.OrdinalIgnoreCase)))
        {
            return DiffusionDirectionality.Isotropic;
        }

        if (stated != DiffusionDirectionality.Unknown)
        {
            return stated;
        }

        if (gradient is { Length: 3 } && b > 0)
        {
            return gradient.All(c => Math.Abs(c) < 1e-6) ? DiffusionDirectionality.Isotropic : DiffusionDirectionality.Directional;
        }

        return DiffusionDirectionality.Unknown;
    }

    private static DiffusionDirectionality Directionality(string? text) => text?.Trim().ToUpperInvariant() switch
    {
        "ISOTROPIC" => DiffusionDirectionality.Isotropic,
        "DIRECTIONAL" or "BMATRIX" => DiffusionDirectionality.Directional,
        "NONE" => DiffusionDirectionality.None,
        _ => DiffusionDirectionality.Unknown,
    };

    private static bool IsPlausible(double b) => double.IsFinite(b) && b >= 0 && b < 100_000;

    /// <summary>
    /// The first value of a numeric private element. In its own VR through the typed accessors; under OB or UN, four
    /// bytes are a little-endian float where the element is an FL (<paramref name="binary"/>), anything else is text.
    /// </summary>
    private static double? ReadNumber(DicomDataset d, DicomTag tag, bool binary)
    {
        if (d[tag] is not DicomValueElement element || element.Length == 0)
        {
            return null;
        }

        if (element.VR is DicomVR.OB or DicomVR.UN)
        {
            var bytes = element.Bytes.Span;
            if (binary)
            {
                return bytes.Length switch
                {
                    4 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
                    8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
                    _ => null,
                };
            }

            return ParseText(Encoding.ASCII.GetString(bytes));
        }

        try
        {
            return d.TryGetDouble(tag, out var value) ? value : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string? TextOf(DicomDataset d, DicomTag tag) =>
        d[tag] is DicomValueElement { VR: DicomVR.OB or DicomVR.UN } raw ? Encoding.ASCII.GetString(raw.Bytes.Span).Trim('\0', ' ') : d.GetString(tag);

    private static double? ParseText(string text)
    {
        var first = text.Split('\\')[0].Trim('\0', ' ');
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
