using DicomNode.Rendering;
using PdfSharp.Fonts;

namespace DicomNode.Reporting.Pdf;

/// <summary>
/// Gives PDFsharp (its Core build, which looks up no system font) the embedded DejaVu Sans for every family it is asked
/// for, so the PDF is made the same way on Linux and Windows and embeds the font it uses.
/// </summary>
internal sealed class PdfFontResolver : IFontResolver
{
    private static readonly PdfFontResolver Instance = new();
    private static readonly Lock Gate = new();

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? EmbeddedFonts.BoldFace : EmbeddedFonts.RegularFace);

    public byte[]? GetFont(string faceName) => EmbeddedFonts.File(faceName);

    /// <summary>
    /// Installs the resolver in PDFsharp's process-wide font settings, once: PDFsharp allows setting it only before its
    /// first font operation, or again with the same instance.
    /// </summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                GlobalFontSettings.FontResolver = Instance;
            }
        }
    }
}
