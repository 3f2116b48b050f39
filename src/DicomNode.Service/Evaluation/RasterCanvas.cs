using DicomNode.Imaging.IO;

namespace DicomNode.Service.Evaluation;

/// <summary>
/// An indexed-colour raster for plots: lines (solid or dashed), point markers, rectangles and bitmap-font text, written as PNG.
/// (0, 0) is the top-left pixel; drawing outside the canvas is clipped.
/// </summary>
internal sealed class RasterCanvas
{
    private readonly byte[] _pixels;

    public RasterCanvas(int width, int height, IReadOnlyList<(byte R, byte G, byte B)> palette)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentNullException.ThrowIfNull(palette);
        if (palette.Count is 0 or > 256)
        {
            throw new ArgumentException("A palette has 1 to 256 colours.", nameof(palette));
        }

        (Width, Height, Palette) = (width, height, palette);
        _pixels = new byte[width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public IReadOnlyList<(byte R, byte G, byte B)> Palette { get; }

    public byte this[int x, int y] => _pixels[(y * Width) + x];

    public void Set(int x, int y, byte colour)
    {
        if ((uint)x < (uint)Width && (uint)y < (uint)Height)
        {
            _pixels[(y * Width) + x] = colour;
        }
    }

    public void FillRectangle(int x, int y, int width, int height, byte colour)
    {
        for (int row = y; row < y + height; row++)
        {
            for (int column = x; column < x + width; column++)
            {
                Set(column, row, colour);
            }
        }
    }

    public void Rectangle(int x, int y, int width, int height, byte colour)
    {
        Line(x, y, x + width - 1, y, colour);
        Line(x, y + height - 1, x + width - 1, y + height - 1, colour);
        Line(x, y, x, y + height - 1, colour);
        Line(x + width - 1, y, x + width - 1, y + height - 1, colour);
    }

    /// <summary>A line by Bresenham's algorithm; with <paramref name="dash"/> &gt; 0, on and off runs of that many pixels.</summary>
    public void Line(int x0, int y0, int x1, int y1, byte colour, int dash = 0)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        for (int step = 0; ; step++)
        {
            if (dash <= 0 || (step / dash) % 2 == 0)
            {
                Set(x0, y0, colour);
            }

            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            int twice = 2 * error;
            if (twice >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (twice <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>A filled disc of radius <paramref name="radius"/> pixels centred on (x, y).</summary>
    public void Disc(int x, int y, int radius, byte colour)
    {
        for (int dy = -radius; dy <= radius; dy++)
        {
            for (int dx = -radius; dx <= radius; dx++)
            {
                if ((dx * dx) + (dy * dy) <= (radius * radius) + radius)
                {
                    Set(x + dx, y + dy, colour);
                }
            }
        }
    }

    /// <summary>Text with its top-left corner at (x, y), each font pixel drawn as a <paramref name="scale"/>-pixel square.</summary>
    public void Text(int x, int y, string text, byte colour, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int n = 0; n < text.Length; n++)
        {
            int left = x + (n * BitmapFont.Advance * scale);
            for (int gy = 0; gy < BitmapFont.Height; gy++)
            {
                for (int gx = 0; gx < BitmapFont.Width; gx++)
                {
                    if (BitmapFont.IsSet(text[n], gx, gy))
                    {
                        FillRectangle(left + (gx * scale), y + (gy * scale), scale, scale, colour);
                    }
                }
            }
        }
    }

    /// <summary>Text turned a quarter turn anticlockwise (reading upwards), its bottom-left corner at (x, y): a y-axis title.</summary>
    public void TextUpwards(int x, int y, string text, byte colour, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (int n = 0; n < text.Length; n++)
        {
            int bottom = y - (n * BitmapFont.Advance * scale);
            for (int gy = 0; gy < BitmapFont.Height; gy++)
            {
                for (int gx = 0; gx < BitmapFont.Width; gx++)
                {
                    if (BitmapFont.IsSet(text[n], gx, gy))
                    {
                        // Glyph column gx runs up the page, glyph row gy runs right.
                        FillRectangle(x + (gy * scale), bottom - ((gx + 1) * scale) + 1, scale, scale, colour);
                    }
                }
            }
        }
    }

    public byte[] ToPng() => PngEncoder.EncodeIndexed(_pixels, Width, Height, Palette);
}
