using DicomNode.Imaging.IO;
using DicomNode.Phantom.Geometry;
using DicomNode.Phantom.Imaging;

namespace DicomNode.Phantom.Montage;

/// <summary>
/// A PNG montage of one study: a row per image (DWI b = 0, DWI high b, ADC, T1 in-phase), a column per axial level
/// (L5, iliac wings, femoral heads, symphysis) plus a coronal T1 reformat, with label contours drawn over the images
/// (bones in one colour per label, metastases red, nodes green).
/// </summary>
internal static class MontageRenderer
{
    private const int Tile = 200;
    private const int Gray = 200;

    private static readonly (byte, byte, byte)[] LabelColours =
    [
        (0, 0, 0), (255, 200, 0), (255, 120, 0), (0, 170, 255), (170, 90, 255), (255, 255, 255), (255, 110, 200), (0, 220, 190), (90, 140, 255),
    ];

    public static void Write(string path, PhantomStudy study)
    {
        var subject = study.Subject;
        var levels = new[] { 95.0, 50.0, 0.0, -40.0 };
        var images = new List<(SynthesisedVolume Volume, string Key)>
        {
            (study.Diffusion, VolumeSynthesizer.BKey(0)),
            (study.Diffusion, VolumeSynthesizer.BKey(study.Profile.HighB)),
            (study.Diffusion, "adc"),
            (study.T1, "t1"),
        };
        var columns = levels.Length + 1;
        var width = columns * Tile;
        var height = images.Count * Tile;
        var canvas = new byte[width * height];
        for (var r = 0; r < images.Count; r++)
        {
            var (volume, key) = images[r];
            var (low, high) = Window(volume.Images[key]);
            for (var c = 0; c < levels.Length; c++)
            {
                var k = NearestSlice(volume.Geometry, subject.Pose.ToPatient(new Vec3(0, 12, levels[c])));
                var g = volume.Geometry;
                DrawTile(canvas, width, c * Tile, r * Tile, g.Columns, g.Rows, g.ColumnSpacing, g.RowSpacing,
                    (x, y) => g.Index(x, y, k), volume, key, low, high);
            }

            // Coronal reformat through the femoral heads: the image row nearest them, every slice.
            var vg = volume.Geometry;
            var row = NearestRow(vg, subject.Pose.ToPatient(Vec3.Zero));
            var ascending = vg.SliceStep.Z > 0;
            DrawTile(canvas, width, levels.Length * Tile, r * Tile, vg.Columns, vg.Slices, vg.ColumnSpacing, vg.SliceSpacing,
                (x, y) => vg.Index(x, row, ascending ? vg.Slices - 1 - y : y), volume, key, low, high);
        }

        var palette = new List<(byte, byte, byte)>();
        for (var i = 0; i < Gray; i++)
        {
            var v = (byte)(i * 255 / (Gray - 1));
            palette.Add((v, v, v));
        }

        palette.AddRange(LabelColours);
        palette.Add((255, 40, 40));
        palette.Add((40, 255, 40));
        File.WriteAllBytes(path, PngEncoder.EncodeIndexed(canvas, width, height, palette));
    }

    private static void DrawTile(
        byte[] canvas, int canvasWidth, int left, int top, int nx, int ny, double sx, double sy, Func<int, int, int> index,
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
                byte value = 0;
                if (i >= 0 && i < nx && j >= 0 && j < ny)
                {
                    var v = index(i, j);
                    var lesion = lesions[v];
                    var bone = bones[v];
                    if (lesion != 0 && IsEdge(i, j, nx, ny, index, lesions))
                    {
                        value = (byte)(lesion > 100 ? Gray + LabelColours.Length + 1 : Gray + LabelColours.Length);
                    }
                    else if (bone != 0 && IsEdge(i, j, nx, ny, index, bones))
                    {
                        value = (byte)(Gray + bone);
                    }
                    else
                    {
                        value = (byte)Math.Clamp((image[v] - low) / (high - low) * (Gray - 1), 0, Gray - 1);
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
