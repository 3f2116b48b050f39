using SkiaSharp;

namespace DicomNode.Rendering;

/// <summary>
/// DejaVu Sans, regular and bold, shipped inside this assembly (Fonts/, Bitstream Vera licence beside it), so that key
/// images, the PDF, the evaluation plots and the phantom montage look the same on a bare Linux server, in a container and
/// on Windows: no font of the operating system is looked up.
/// </summary>
public static class EmbeddedFonts
{
    public const string RegularFace = "DejaVuSans";

    public const string BoldFace = "DejaVuSans-Bold";

    private static readonly Lazy<byte[]> RegularBytes = new(() => Read(RegularFace));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Read(BoldFace));
    private static readonly Lazy<SKTypeface> RegularTypeface = new(() => Typeface(RegularBytes.Value, RegularFace));
    private static readonly Lazy<SKTypeface> BoldTypeface = new(() => Typeface(BoldBytes.Value, BoldFace));

    /// <summary>The TrueType file of a face (<see cref="RegularFace"/> or <see cref="BoldFace"/>).</summary>
    public static byte[] File(string face) => face == BoldFace ? BoldBytes.Value : RegularBytes.Value;

    public static SKTypeface Regular => RegularTypeface.Value;

    public static SKTypeface Bold => BoldTypeface.Value;

    private static byte[] Read(string face)
    {
        var name = $"DicomNode.Rendering.Fonts.{face}.ttf";
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from {typeof(EmbeddedFonts).Assembly.GetName().Name}; the build embeds Fonts/*.ttf.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static SKTypeface Typeface(byte[] bytes, string face)
    {
        using var data = SKData.CreateCopy(bytes);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"SkiaSharp could not load the embedded font {face}.");
    }
}
