using DicomNode.Rendering;
using SkiaSharp;

namespace DicomNode.Reporting.KeyImages;

/// <summary>
/// A rendered picture: 8-bit RGB pixels row by row (R, G, B per pixel, no padding), and the same picture as PNG, encoded
/// when first asked for (the PDF report and the overlay want it; a key image sent as DICOM does not).
/// </summary>
public sealed class RenderedImage
{
    private readonly Lazy<byte[]> _png;

    public RenderedImage(int width, int height, byte[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != (long)width * height * 3)
        {
            throw new ArgumentException($"{rgb.Length} bytes are not {width} × {height} RGB pixels.", nameof(rgb));
        }

        Width = width;
        Height = height;
        Rgb = rgb;
        _png = new Lazy<byte[]>(Encode, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Rgb { get; }

    public byte[] Png => _png.Value;

    private byte[] Encode()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var rgba = new byte[Width * Height * 4];
        for (int p = 0, q = 0; q < Rgb.Length; p += 4, q += 3)
        {
            rgba[p] = Rgb[q];
            rgba[p + 1] = Rgb[q + 1];
            rgba[p + 2] = Rgb[q + 2];
            rgba[p + 3] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        return PngImage.Encode(bitmap);
    }
}
