using DicomNode.Analysis.Evaluation;
using DicomNode.Evaluation.Plots;
using SkiaSharp;

namespace DicomNode.Evaluation.Tests;

/// <summary>The Bland–Altman PNG, decoded by SkiaSharp's own PNG reader and looked at pixel by pixel.</summary>
public sealed class BlandAltmanPlotTests
{
    [Fact]
    public void Render_TwoPanels_DrawsLinesPointsAndTextInTheirColoursAndLeavesAnEmptyPanelEmpty()
    {
        var pairs = new (double Predicted, double Truth)[] { (10, 11), (20, 19), (31, 30), (39, 41), (52, 50) };
        var analysis = BlandAltmanAnalysis.Of(pairs);
        var panels = new List<PlotPanel>
        {
            new("Bone volumes", [new PlotGroup("DWI", analysis.Points.Take(3).ToList()), new PlotGroup("T1IP", analysis.Points.Skip(3).ToList())], analysis),
            new("Lesion volumes", [], BlandAltmanAnalysis.Of([])),
        };

        var png = BlandAltmanPlot.Render(panels);

        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((2 * BlandAltmanPlot.PanelWidth, BlandAltmanPlot.PanelHeight), (bitmap.Width, bitmap.Height));
        var left = Count(bitmap, 0, BlandAltmanPlot.PanelWidth);
        var right = Count(bitmap, BlandAltmanPlot.PanelWidth, 2 * BlandAltmanPlot.PanelWidth);

        // The bias is a solid line across the plot area (about 500 px); the limits are dashed, half of two such lines.
        Assert.InRange(left.GetValueOrDefault(BlandAltmanPlot.Bias), 450, 2000);
        Assert.InRange(left.GetValueOrDefault(BlandAltmanPlot.Limit), 400, 2000);
        Assert.True(left.GetValueOrDefault(BlandAltmanPlot.GroupColours[0]) > 0, "the first group's points");
        Assert.True(left.GetValueOrDefault(BlandAltmanPlot.GroupColours[1]) > 0, "the second group's points");
        Assert.True(left.GetValueOrDefault(SKColors.Black) > 500, "frame, ticks and text");

        Assert.Equal(0, right.GetValueOrDefault(BlandAltmanPlot.Bias));
        Assert.Equal(0, right.GetValueOrDefault(BlandAltmanPlot.Limit));
        Assert.Equal(0, right.GetValueOrDefault(BlandAltmanPlot.GroupColours[0]));
        Assert.True(right.GetValueOrDefault(SKColors.Black) > 500, "an empty panel still has its frame, axes and title");
    }

    [Fact]
    public void Render_Text_IsDrawnWithTheEmbeddedFontInTheTitleBand()
    {
        var empty = new PlotPanel("Bone volumes", [], BlandAltmanAnalysis.Of([]));
        var titled = BlandAltmanPlot.Render([empty]);
        var untitled = BlandAltmanPlot.Render([empty with { Title = "" }]);

        using var a = SKBitmap.Decode(titled);
        using var b = SKBitmap.Decode(untitled);
        int differing = 0;
        for (int y = 0; y < 50; y++)
        {
            for (int x = 0; x < a.Width; x++)
            {
                differing += a.GetPixel(x, y) != b.GetPixel(x, y) ? 1 : 0;
            }
        }

        // A bold 18 px title of 12 letters covers some hundreds of pixels, anti-aliased.
        Assert.InRange(differing, 200, 5000);
    }

    [Fact]
    public void Render_NoPanels_IsRefused() =>
        Assert.Throws<ArgumentException>(() => BlandAltmanPlot.Render([]));

    [Fact]
    public void Write_CreatesTheFolderAndLeavesNoPartialFile()
    {
        var root = Directory.CreateTempSubdirectory("dicomnode-plot-").FullName;
        try
        {
            var path = Path.Combine(root, "deeper", "plot.png");
            BlandAltmanPlot.Write(path, [new PlotPanel("Lesion volumes", [], BlandAltmanAnalysis.Of([]))]);

            Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, File.ReadAllBytes(path)[..8]);
            Assert.Equal(["plot.png"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static Dictionary<SKColor, int> Count(SKBitmap bitmap, int fromX, int toX)
    {
        var counts = new Dictionary<SKColor, int>();
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = fromX; x < toX; x++)
            {
                var c = bitmap.GetPixel(x, y);
                counts[c] = counts.GetValueOrDefault(c) + 1;
            }
        }

        return counts;
    }
}
