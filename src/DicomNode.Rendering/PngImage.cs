using SkiaSharp;

namespace DicomNode.Rendering;

/// <summary>
/// PNG out of a SkiaSharp bitmap, and a PNG file written whole or not at all (a reader never sees half a picture).
/// </summary>
public static class PngImage
{
    /// <summary>The bitmap as PNG (lossless; SkiaSharp's encoder ignores the quality for PNG).</summary>
    public static byte[] Encode(SKBitmap bitmap)
    {
        ArgumentNullException.ThrowIfNull(bitmap);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {bitmap.Width} × {bitmap.Height} {bitmap.ColorType} bitmap as PNG.");
        return data.ToArray();
    }

    /// <summary>Writes <paramref name="png"/> to <paramref name="path"/> through a temporary file beside it, creating the folder.</summary>
    public static void Write(string path, byte[] png)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(png);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, png);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>An opaque RGBA bitmap of the given size, cleared to <paramref name="background"/>.</summary>
    public static SKBitmap Blank(int width, int height, SKColor background)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        bitmap.Erase(background);
        return bitmap;
    }
}
