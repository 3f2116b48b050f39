using System.Runtime.InteropServices;
using DicomNode.Phantom.Geometry;
using DicomNode.Phantom.Imaging;
using DicomNode.Rendering;
using SkiaSharp;

namespace DicomNode.Phantom.Montage;

/// <summary>
/// A PNG montage of one study, drawn with SkiaSharp: a row per image (DWI b = 0, DWI high b, ADC, T1 in-phase), a column
/// per axial level (L5, iliac wings, femoral heads, symphysis) plus a coronal T1 reformat, with label contours drawn over
/// the images (bones in one colour per label, metastases red, nodes green) and each row and column named in its first
/// tile (embedded DejaVu Sans).
/// </summary>
internal static class MontageRenderer
{
    public const int Tile = 200;

    public static readonly SKColor Metastasis = new(255, 40, 40);
    public static readonly SKColor Node = new(40, 255, 40);

    /// <summary>Bone label colours by label value (0 unused).</summary>
    public static readonly SKColor[] LabelColours =
    [
        new(0, 0, 0), new(255, 200, 0), new(255, 120, 0), new(0, 170, 255), new(170, 90, 255), new(255, 255, 255), new(255, 110, 200), new(0, 220, 190), new(90, 140, 255),
    ];

    private static readonly string[] LevelNames = ["L5", "iliac wings", "femoral heads", "symphysis", "coronal"];

    public static void Write(string path, PhantomStudy study) => PngImage.Write(path, Render(study));

    public static byte[] Render(PhantomStudy study)
    {
        var subject = study.Subject;
        var levels = new[] { 95.0, 50.0, 0.0, -40.0 };
        var images = new List<(SynthesisedVolume Volume, string Key, string Name)>
        {
            (study.Diffusion, VolumeSynthesizer.BKey(0), "DWI b=0"),
            (study.Diffusion, VolumeSynthesizer.BKey(study.Profile.HighB), $"DWI b={study.Profile.HighB}"),
            (study.Diffusion, "adc", "ADC"),
            (study.T1, "t1", "T1 in-phase"),
        };
        var columns = levels.Length + 1;
        var width = columns * Tile;
        var height = images.Count * Tile;
        var pixels = new SKColor[width * height];
        for (var r = 0; r < images.Count; r++)
        {
            var (volume, key, _) = images[r];
            var (low, high) = Window(volume.Images[key]);
            for (var c = 0; c < levels.Length; c++)
            {
                var k = NearestSlice(volume.Geometry, subject.Pose.ToPatient(new Vec3(0, 12, levels[c])));
                var g = volume.Geometry;
                DrawTile(pixels, width, c * Tile, r * Tile, g.Columns, g.Rows, g.ColumnSpacing, g.RowSpacing,
                    (x, y) => g.Index(x, y, k), volume, key, low, high);
            }

            // Coronal reformat through the femoral heads: the image row nearest them, every slice.
            var vg = volume.Geometry;
            var row = NearestRow(vg, subject.Pose.ToPatient(Vec3.Zero));
            var ascending = vg.SliceStep.Z > 0;
            DrawTile(pixels, width, levels.Length * Tile, r * Tile, vg.Columns, vg.Slices, vg.ColumnSpacing, vg.SliceSpacing,
                (x, y) => vg.Index(x, row, ascending ? vg.Slices - 1 - y : y), volume, key, low, high);
        }

        using var bitmap = PngImage.Blank(width, height, SKColors.Black);
        var rgba = new byte[pixels.Length * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            (rgba[4 * i], rgba[(4 * i) + 1], rgba[(4 * i) + 2], rgba[(4 * i) + 3]) = (pixels[i].Red, pixels[i].Green, pixels[i].Blue, 255);
        }

        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using (var canvas = new SKCanvas(bitmap))
        {
            for (var r = 0; r < images.Count; r++)
            {
                Label(canvas, images[r].Name, 4, (r * Tile) + 4);
            }

            for (var c = 0; c < columns; c++)
            {
                Label(canvas, LevelNames[c], (c * Tile) + Tile - 4, 4, SKTextAlign.Right);
            }
        }

        return PngImage.Encode(bitmap);
    }

    /// <summary>A small label, yellow on a dark halo so it reads over any tissue.</summary>
    private static void Label(SKCanvas canvas, string text, float x, float top, SKTextAlign align = SKTextAlign.Left)
    {
        using var font = new SKFont(EmbeddedFonts.Regular, 11f);
        using var halo = new SKPaint { IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 3f, Color = new SKColor(0, 0, 0, 200) };
        using var paint = new SKPaint { IsAntialias = true, Color = new SKColor(255, 235, 90) };
        canvas.DrawText(text, x, top + 10, align, font, halo);
        canvas.DrawText(text, x, top + 10, align, font, paint);
    }

    private static void DrawTile(
        SKColor[] canvas, int canvasWidth, int left, int top, int nx, int ny, double sx, double sy, Func<int, int, int> index,
        SynthesisedVolume volume, string key, double low, double high)
    {
        // Keep the physical aspect ratio; fit the longer side to the tile.
        var extentX = nx * sx;
        var extentY = ny * sy;
        var mmPerPixel = Math.Max(extentX, extentY) / Tile;
        var image = volume.Images[key];
        var bones = volume.Bones;
        var lesions = volume.Lesions;
        for (var y = 0; y < Tile; y++)
        {
            for (var x = 0; x < Tile; x++)
            {
                var fx = ((x + 0.5) * mmPerPixel) - ((Tile * mmPerPixel) - extentX) / 2;
                var fy = ((y + 0.5) * mmPerPixel) - ((Tile * mmPerPixel) - extentY) / 2;
                var i = (int)Math.Floor(fx / sx);
                var j = (int)Math.Floor(fy / sy);
                var value = SKColors.Black;
                if (i >= 0 && i < nx && j >= 0 && j < ny)
                {
                    var v = index(i, j);
                    var lesion = lesions[v];
                    var bone = bones[v];
                    if (lesion != 0 && IsEdge(i, j, nx, ny, index, lesions))
                    {
                        value = lesion > 100 ? Node : Metastasis;
                    }
                    else if (bone != 0 && IsEdge(i, j, nx, ny, index, bones))
                    {
                        value = LabelColours[bone];
                    }
                    else
                    {
                        var grey = (byte)Math.Clamp(Math.Round((image[v] - low) / (high - low) * 255), 0, 255);
                        value = new SKColor(grey, grey, grey);
                    }
                }

                canvas[((top + y) * canvasWidth) + left + x] = value;
            }
        }
    }

    private static bool IsEdge(int i, int j, int nx, int ny, Func<int, int, int> index, byte[] labels)
    {
        var centre = labels[index(i, j)];
        return (i > 0 && labels[index(i - 1, j)] != centre) || (i < nx - 1 && labels[index(i + 1, j)] != centre)
            || (j > 0 && labels[index(i, j - 1)] != centre) || (j < ny - 1 && labels[index(i, j + 1)] != centre);
    }

    private static (double Low, double High) Window(float[] image)
    {
        var sample = image.Where((_, i) => i % 7 == 0).Where(v => v > 1).Order().ToArray();
        return sample.Length == 0 ? (0, 1) : (0, sample[(int)(sample.Length * 0.995)]);
    }

    private static int NearestSlice(VolumeGeometry g, Vec3 p) =>
        Math.Clamp((int)Math.Round(Vec3.Dot(p - g.Origin, g.SliceStep) / g.SliceStep.LengthSquared), 0, g.Slices - 1);

    private static int NearestRow(VolumeGeometry g, Vec3 p) =>
        Math.Clamp((int)Math.Round(Vec3.Dot(p - g.Origin, g.ColumnDirection) / g.RowSpacing), 0, g.Rows - 1);
}
