namespace DicomNode.Reporting.KeyImages;

/// <summary>A rendered picture: 8-bit RGB pixels row by row (R, G, B per pixel, no padding) and the same picture as PNG.</summary>
public sealed record RenderedImage(int Width, int Height, byte[] Rgb, byte[] Png);
