using DicomNode.Phantom.Montage;
using DicomNode.Phantom.Vendors;
using SkiaSharp;

namespace DicomNode.Phantom.Tests;

public sealed class MontageTests
{
    [Fact]
    public void Montage_OfAStudyWithMetastasesAndNodes_ShowsTheirContoursAndTheBonesInTheirColours()
    {
        var root = Directory.CreateTempSubdirectory("phantom-montage-").FullName;
        try
        {
            // Seed 3: N1 M1b, metastases and lymph nodes (the evaluate tests use it for the same reason).
            var study = PhantomGenerator.Create(3, VendorProfiles.Find("ge"), root);
            Assert.NotEmpty(study.Subject.Metastases);
            Assert.NotEmpty(study.Subject.Nodes);

            using var bitmap = SKBitmap.Decode(MontageRenderer.Render(study));

            Assert.NotNull(bitmap);
            Assert.Equal((5 * MontageRenderer.Tile, 4 * MontageRenderer.Tile), (bitmap.Width, bitmap.Height));
            var colours = new HashSet<SKColor>();
            var greys = new HashSet<byte>();
            for (int y = 0; y < bitmap.Height; y++)
            {
                for (int x = 0; x < bitmap.Width; x++)
                {
                    var c = bitmap.GetPixel(x, y);
                    colours.Add(c);
                    if (c.Red == c.Green && c.Green == c.Blue)
                    {
                        greys.Add(c.Red);
                    }
                }
            }

            Assert.Contains(MontageRenderer.Metastasis, colours);
            Assert.Contains(MontageRenderer.Node, colours);
            Assert.True(MontageRenderer.LabelColours.Skip(1).Count(colours.Contains) >= 6, "most bone labels outlined in their colours");
            Assert.True(greys.Count > 200, $"the images in grey, windowed: {greys.Count} grey levels");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
