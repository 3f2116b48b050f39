using SkiaSharp;

namespace DicomNode.Reporting.KeyImages;

/// <summary>One finding drawn on a key image: its pixels on the slice, its colour, the short tag beside it and its legend line.</summary>
/// <param name="Mask">Columns × rows of the slice, row by row.</param>
/// <param name="Tag">Drawn beside the outline, e.g. "M1"; null for none (the bones of the overview).</param>
/// <param name="Legend">The legend line, e.g. "Metastasis 1 · right ilium · 2.3 cm³"; null for none.</param>
internal sealed record KeyImageOutline(bool[] Mask, SKColor Colour, string? Tag, string? Legend, float StrokeWidth = 2.5f);
