namespace DicomNode.Reporting.KeyImages;

/// <summary>
/// The outline of a binary mask by marching squares over the pixel centres: line segments in pixel coordinates (pixel
/// (i, j) covers [i, i + 1) × [j, j + 1), its centre is (i + 0.5, j + 0.5)). The mask is taken as empty outside, so
/// every outline closes. Drawn with anti-aliasing, the segments give a smooth outline instead of the pixel staircase.
/// </summary>
internal static class MaskContour
{
    public static IReadOnlyList<(float X1, float Y1, float X2, float Y2)> Segments(bool[] mask, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (mask.Length != width * height)
        {
            throw new ArgumentException($"The mask has {mask.Length} pixels for {width} × {height}.", nameof(mask));
        }

        var segments = new List<(float, float, float, float)>();
        for (var cy = -1; cy < height; cy++)
        {
            for (var cx = -1; cx < width; cx++)
            {
                // Corners: top-left 1, top-right 2, bottom-right 4, bottom-left 8.
                var code = (At(cx, cy) ? 1 : 0) | (At(cx + 1, cy) ? 2 : 0) | (At(cx + 1, cy + 1) ? 4 : 0) | (At(cx, cy + 1) ? 8 : 0);
                if (code is 0 or 15)
                {
                    continue;
                }

                float ox = cx + 0.5f, oy = cy + 0.5f;
                var top = (ox + 0.5f, oy);
                var right = (ox + 1f, oy + 0.5f);
                var bottom = (ox + 0.5f, oy + 1f);
                var left = (ox, oy + 0.5f);
                switch (code)
                {
                    case 1 or 14: Add(left, top); break;
                    case 2 or 13: Add(top, right); break;
                    case 3 or 12: Add(left, right); break;
                    case 4 or 11: Add(right, bottom); break;
                    case 6 or 9: Add(top, bottom); break;
                    case 7 or 8: Add(left, bottom); break;
                    case 5:
                        // Saddle: the two set corners stay apart (4-connectivity, as the analysis counts components).
                        Add(left, top);
                        Add(right, bottom);
                        break;
                    case 10:
                        Add(top, right);
                        Add(bottom, left);
                        break;
                }
            }
        }

        return segments;

        bool At(int x, int y) => x >= 0 && y >= 0 && x < width && y < height && mask[x + (y * width)];

        void Add((float X, float Y) a, (float X, float Y) b) => segments.Add((a.X, a.Y, b.X, b.Y));
    }
}
