using DicomNode.Imaging.Geometry;
using DicomNode.Rendering;
using SkiaSharp;

namespace DicomNode.Reporting.KeyImages;

/// <summary>
/// Draws a key image with SkiaSharp: the source slice in grey (window from the slice's own 0.5th and 99.5th
/// percentiles), shown at its physical aspect ratio, the findings' outlines anti-aliased in their colours with a tag,
/// the patient's orientation on the image edges (R/L left and right for axial and coronal slices), a header with the
/// title and legend, and the notice in a red band at the bottom.
/// </summary>
internal static class KeyImageRenderer
{
    /// <summary>The longer side of the image area in pixels; the slice is scaled (bilinear) to it.</summary>
    public const int ImageSide = 640;

    private const float Margin = 10f;
    private const float TitleSize = 19f;
    private const float LineSize = 15f;
    private const float NoticeSize = 16f;

    public static RenderedImage Render(KeyImageScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var geometry = scene.Volume.Geometry;
        int columns = geometry.Columns, rows = geometry.Rows;
        var (spacingI, spacingJ, _) = geometry.Spacing;
        double width = columns * spacingI, height = rows * spacingJ;
        var scale = ImageSide / Math.Max(width, height);
        var imageWidth = (float)Math.Round(width * scale);
        var imageHeight = (float)Math.Round(height * scale);

        using var title = new SKFont(EmbeddedFonts.Bold, TitleSize);
        using var line = new SKFont(EmbeddedFonts.Regular, LineSize);
        using var notice = new SKFont(EmbeddedFonts.Bold, NoticeSize);
        var legends = scene.Outlines.Where(o => o.Legend is not null).ToList();
        var headerHeight = Margin + TitleSize + 6 + LineSize + 6 + (legends.Count * (LineSize + 5)) + Margin;
        var noticeHeight = string.IsNullOrWhiteSpace(scene.Notice) ? 0f : NoticeSize + (2 * Margin);
        var canvasWidth = (int)Math.Max(ImageSide, imageWidth);
        var canvasHeight = (int)Math.Ceiling(headerHeight + imageHeight + noticeHeight);
        canvasHeight += canvasHeight % 2;

        using var bitmap = new SKBitmap(new SKImageInfo(canvasWidth, canvasHeight, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            var imageArea = SKRect.Create((canvasWidth - imageWidth) / 2f, headerHeight, imageWidth, imageHeight);
            DrawSlice(canvas, scene, imageArea);
            DrawOutlines(canvas, scene, imageArea, columns, rows, line);
            DrawOrientation(canvas, geometry, imageArea);
            DrawHeader(canvas, scene, legends, title, line, canvasWidth);
            if (noticeHeight > 0)
            {
                DrawNotice(canvas, scene.Notice!, notice, canvasWidth, canvasHeight - noticeHeight, noticeHeight);
            }
        }

        return new RenderedImage(canvasWidth, canvasHeight, ToRgb(bitmap));
    }

    /// <summary>The window of a slice: its 0.5th and 99.5th percentiles, so that a few hot voxels do not darken it.</summary>
    public static (float Low, float High) Window(ReadOnlySpan<float> slice)
    {
        var values = slice.ToArray().Where(float.IsFinite).ToArray();
        if (values.Length == 0)
        {
            return (0f, 1f);
        }

        Array.Sort(values);
        var low = values[(int)Math.Floor(0.005 * (values.Length - 1))];
        var high = values[(int)Math.Ceiling(0.995 * (values.Length - 1))];
        return high > low ? (low, high) : (low, low + 1f);
    }

    private static void DrawSlice(SKCanvas canvas, KeyImageScene scene, SKRect area)
    {
        var geometry = scene.Volume.Geometry;
        var plane = geometry.Columns * geometry.Rows;
        var slice = scene.Volume.Voxels.AsSpan(scene.Slice * plane, plane);
        var (low, high) = Window(slice);
        using var grey = new SKBitmap(new SKImageInfo(geometry.Columns, geometry.Rows, SKColorType.Gray8, SKAlphaType.Opaque));
        var pixels = new byte[plane];
        for (var p = 0; p < plane; p++)
        {
            var v = slice[p];
            pixels[p] = float.IsFinite(v) ? (byte)Math.Clamp(Math.Round(255.0 * (v - low) / (high - low)), 0, 255) : (byte)0;
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, grey.GetPixels(), plane);
        using var image = SKImage.FromBitmap(grey);
        canvas.DrawImage(image, area, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));
    }

    private static void DrawOutlines(SKCanvas canvas, KeyImageScene scene, SKRect area, int columns, int rows, SKFont font)
    {
        float sx = area.Width / columns, sy = area.Height / rows;
        using var halo = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = new SKColor(0, 0, 0, 200), StrokeWidth = 4f, StrokeJoin = SKStrokeJoin.Round };
        using var text = new SKPaint { IsAntialias = true };
        foreach (var outline in scene.Outlines)
        {
            using var builder = new SKPathBuilder();
            var any = false;
            float minX = float.MaxValue, minY = float.MaxValue, maxX = float.MinValue;
            foreach (var (x1, y1, x2, y2) in MaskContour.Segments(outline.Mask, columns, rows))
            {
                var a = new SKPoint(area.Left + (x1 * sx), area.Top + (y1 * sy));
                var b = new SKPoint(area.Left + (x2 * sx), area.Top + (y2 * sy));
                builder.MoveTo(a);
                builder.LineTo(b);
                any = true;
                minX = Math.Min(minX, Math.Min(a.X, b.X));
                maxX = Math.Max(maxX, Math.Max(a.X, b.X));
                minY = Math.Min(minY, Math.Min(a.Y, b.Y));
            }

            if (!any)
            {
                continue;
            }

            using var path = builder.Detach();

            using var stroke = new SKPaint
            {
                IsAntialias = true,
                Style = SKPaintStyle.Stroke,
                Color = outline.Colour,
                StrokeWidth = outline.StrokeWidth,
                StrokeCap = SKStrokeCap.Round,
            };
            canvas.DrawPath(path, stroke);
            if (outline.Tag is { } tag)
            {
                // Beside the outline's top-right corner, kept inside the image area.
                var tagWidth = font.MeasureText(tag);
                var x = Math.Min(maxX + 4f, area.Right - tagWidth - 2f);
                var y = Math.Max(minY + font.Size - 2f, area.Top + font.Size + 2f);
                using var textPath = font.GetTextPath(tag, new SKPoint(x, y));
                canvas.DrawPath(textPath, halo);
                text.Color = outline.Colour;
                canvas.DrawText(tag, x, y, SKTextAlign.Left, font, text);
            }
        }
    }

    /// <summary>The patient direction of each image edge (PS3.3 C.7.6.1.1.1 letters: L/R, A/P, H/F), from the slice's row and column directions.</summary>
    private static void DrawOrientation(SKCanvas canvas, VolumeGeometry geometry, SKRect area)
    {
        var row = geometry.Direction(0);
        var column = geometry.Direction(1);
        using var font = new SKFont(EmbeddedFonts.Bold, 22f);
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(255, 235, 90) };
        using var halo = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, Color = SKColors.Black, StrokeWidth = 4f };
        void Letter(string letter, float x, float y, SKTextAlign align)
        {
            var width = font.MeasureText(letter);
            var left = align switch { SKTextAlign.Left => x, SKTextAlign.Right => x - width, _ => x - (width / 2f) };
            using var path = font.GetTextPath(letter, new SKPoint(left, y));
            canvas.DrawPath(path, halo);
            canvas.DrawText(letter, left, y, SKTextAlign.Left, font, paint);
        }

        var middle = area.MidY + 8f;
        Letter(Direction(Negate(row)), area.Left + 6f, middle, SKTextAlign.Left);
        Letter(Direction(row), area.Right - 6f, middle, SKTextAlign.Right);
        Letter(Direction(Negate(column)), area.MidX, area.Top + 26f, SKTextAlign.Center);
        Letter(Direction(column), area.MidX, area.Bottom - 8f, SKTextAlign.Center);
    }

    /// <summary>The letters of a direction in LPS (PS3.3 C.7.6.1.1.1), largest component first; components under 0.25 left out.</summary>
    public static string Direction((double X, double Y, double Z) v)
    {
        var parts = new[]
        {
            (Size: Math.Abs(v.X), Letter: v.X > 0 ? 'L' : 'R'),
            (Size: Math.Abs(v.Y), Letter: v.Y > 0 ? 'P' : 'A'),
            (Size: Math.Abs(v.Z), Letter: v.Z > 0 ? 'H' : 'F'),
        };
        var letters = parts.Where(p => p.Size >= 0.25).OrderByDescending(p => p.Size).Select(p => p.Letter).ToArray();
        return letters.Length == 0 ? parts.MaxBy(p => p.Size).Letter.ToString() : new string(letters);
    }

    private static (double X, double Y, double Z) Negate((double X, double Y, double Z) v) => (-v.X, -v.Y, -v.Z);

    private static void DrawHeader(SKCanvas canvas, KeyImageScene scene, IReadOnlyList<KeyImageOutline> legends, SKFont title, SKFont line, int width)
    {
        using var white = new SKPaint { IsAntialias = true, Color = SKColors.White };
        using var grey = new SKPaint { IsAntialias = true, Color = new SKColor(190, 190, 190) };
        var y = Margin + TitleSize;
        canvas.DrawText(Fit(scene.Title, title, width - (2 * Margin)), Margin, y, SKTextAlign.Left, title, white);
        y += LineSize + 6;
        canvas.DrawText(Fit(scene.Subtitle, line, width - (2 * Margin)), Margin, y, SKTextAlign.Left, line, grey);
        foreach (var outline in legends)
        {
            y += LineSize + 5;
            using var swatch = new SKPaint { IsAntialias = true, Color = outline.Colour };
            canvas.DrawRoundRect(SKRect.Create(Margin, y - LineSize + 3, 12, 12), 2, 2, swatch);
            canvas.DrawText(Fit(outline.Legend!, line, width - (3 * Margin) - 12), Margin + 18, y, SKTextAlign.Left, line, white);
        }
    }

    private static void DrawNotice(SKCanvas canvas, string notice, SKFont font, int width, float top, float height)
    {
        using var band = new SKPaint { Color = new SKColor(150, 0, 0) };
        canvas.DrawRect(SKRect.Create(0, top, width, height), band);
        using var white = new SKPaint { IsAntialias = true, Color = SKColors.White };
        var text = notice.Trim();
        var size = font.Size;
        while (font.MeasureText(text) > width - (2 * Margin) && font.Size > 9f)
        {
            font.Size -= 0.5f;
        }

        canvas.DrawText(Fit(text, font, width - (2 * Margin)), width / 2f, top + (height / 2f) + (font.Size * 0.36f), SKTextAlign.Center, font, white);
        font.Size = size;
    }

    /// <summary>The text, cut with "…" where it would be wider than <paramref name="width"/>.</summary>
    private static string Fit(string text, SKFont font, float width)
    {
        if (font.MeasureText(text) <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 1 && font.MeasureText(string.Concat(text.AsSpan(0, length).TrimEnd(), "…")) > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length).TrimEnd(), "…");
    }

    private static byte[] ToRgb(SKBitmap bitmap)
    {
        var rgba = bitmap.Bytes;
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int p = 0, q = 0; q < rgb.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }

        return rgb;
    }
}
