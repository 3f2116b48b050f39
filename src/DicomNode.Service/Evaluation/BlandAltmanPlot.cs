using System.Globalization;
using DicomNode.Analysis.Evaluation;

namespace DicomNode.Service.Evaluation;

/// <summary>
/// Bland–Altman plots side by side as a PNG: the mean of the two volumes against their difference, with the bias as a
/// solid line and the 95 % limits of agreement dashed, tick labels on both axes and a legend.
/// </summary>
internal static class BlandAltmanPlot
{
    private const byte White = 0, Black = 1, Grey = 2, LightGrey = 3, Bias = 4, Limit = 5;
    private const int GroupColours = 6;
    private const int PanelWidth = 620, PanelHeight = 520;
    private const int Left = 78, Right = 24, Top = 56, Bottom = 64;

    private static readonly (byte R, byte G, byte B)[] Palette =
    [
        (255, 255, 255), (0, 0, 0), (110, 110, 110), (225, 225, 225), (20, 60, 200), (200, 30, 30),
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (148, 103, 189), (140, 86, 75), (227, 119, 194),
    ];

    public static byte[] Render(IReadOnlyList<PlotPanel> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A plot has at least one panel.", nameof(panels));
        }

        var canvas = new RasterCanvas(PanelWidth * panels.Count, PanelHeight, Palette);
        for (int n = 0; n < panels.Count; n++)
        {
            DrawPanel(canvas, n * PanelWidth, panels[n]);
        }

        return canvas.ToPng();
    }

    public static void Write(string path, IReadOnlyList<PlotPanel> panels)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = path + ".partial";
        File.WriteAllBytes(temporary, Render(panels));
        File.Move(temporary, path, overwrite: true);
    }

    private static void DrawPanel(RasterCanvas canvas, int x0, PlotPanel panel)
    {
        int plotLeft = x0 + Left, plotRight = x0 + PanelWidth - Right, plotTop = Top, plotBottom = PanelHeight - Bottom;
        canvas.Text(x0 + ((PanelWidth - BitmapFont.Measure(panel.Title, 2)) / 2), 14, panel.Title, Black, 2);

        var points = panel.Groups.SelectMany(g => g.Points).ToList();
        var a = panel.Analysis;
        var ys = points.Select(p => p.Difference).Append(0.0);
        foreach (var line in new[] { a.Bias, a.LowerLimit, a.UpperLimit })
        {
            if (line is { } value)
            {
                ys = ys.Append(value);
            }
        }

        // A margin of a tenth of the span keeps the lines and points off the frame.
        var yValues = ys.ToList();
        double yLow = yValues.Min(), yHigh = yValues.Max(), yPad = (yHigh - yLow) * 0.1;
        var x = AxisScale.Covering(points.Count > 0 ? points.Min(p => p.Mean) : 0, points.Count > 0 ? points.Max(p => p.Mean) : 1, plotLeft, plotRight);
        var y = AxisScale.Covering(yLow - yPad, yHigh + yPad, plotBottom, plotTop);

        foreach (var tick in x.Ticks())
        {
            int px = x.ToPixel(tick);
            canvas.Line(px, plotTop, px, plotBottom, LightGrey);
            canvas.Line(px, plotBottom, px, plotBottom + 4, Black);
            string label = x.Label(tick);
            canvas.Text(px - (BitmapFont.Measure(label) / 2), plotBottom + 8, label, Black);
        }

        foreach (var tick in y.Ticks())
        {
            int py = y.ToPixel(tick);
            canvas.Line(plotLeft, py, plotRight, py, LightGrey);
            canvas.Line(plotLeft - 4, py, plotLeft, py, Black);
            string label = y.Label(tick);
            canvas.Text(plotLeft - 7 - BitmapFont.Measure(label), py - (BitmapFont.Height / 2), label, Black);
        }

        canvas.Line(plotLeft, y.ToPixel(0), plotRight, y.ToPixel(0), Grey);
        canvas.Rectangle(plotLeft, plotTop, plotRight - plotLeft + 1, plotBottom - plotTop + 1, Black);

        string xTitle = "MEAN OF PREDICTION AND TRUTH (CM3)";
        canvas.Text(plotLeft + ((plotRight - plotLeft - BitmapFont.Measure(xTitle)) / 2), plotBottom + 26, xTitle, Black);
        string yTitle = "PREDICTION - TRUTH (CM3)";
        canvas.TextUpwards(x0 + 8, plotTop + ((plotBottom - plotTop + BitmapFont.Measure(yTitle)) / 2), yTitle, Black);

        if (points.Count == 0)
        {
            string empty = "NO PAIRS";
            canvas.Text(plotLeft + ((plotRight - plotLeft - BitmapFont.Measure(empty, 2)) / 2), (plotTop + plotBottom) / 2, empty, Grey, 2);
            return;
        }

        DrawLines(canvas, y, plotLeft, plotRight, [(a.UpperLimit, "+1.96 SD", Limit, 6), (a.Bias, "BIAS", Bias, 0), (a.LowerLimit, "-1.96 SD", Limit, 6)]);

        for (int g = 0; g < panel.Groups.Count; g++)
        {
            byte colour = (byte)(GroupColours + (g % (Palette.Length - GroupColours)));
            foreach (var p in panel.Groups[g].Points)
            {
                canvas.Disc(x.ToPixel(p.Mean), y.ToPixel(p.Difference), 2, colour);
            }

            // Legend, top left inside the frame.
            int ly = plotTop + 8 + (g * 12);
            canvas.Disc(plotLeft + 10, ly + 3, 2, colour);
            canvas.Text(plotLeft + 18, ly, $"{panel.Groups[g].Name} ({panel.Groups[g].Points.Count})", Black);
        }

        string summary = $"N = {a.Count}";
        canvas.Text(plotRight - 4 - BitmapFont.Measure(summary), plotTop + 8, summary, Black);
    }

    /// <summary>The bias and limit lines, each labelled above its right end; labels that would overlap are moved apart downwards.</summary>
    private static void DrawLines(RasterCanvas canvas, AxisScale y, int left, int right, (double? Value, string Name, byte Colour, int Dash)[] lines)
    {
        int previousLabel = int.MinValue;
        foreach (var (value, name, colour, dash) in lines.Where(l => l.Value is not null).OrderByDescending(l => l.Value))
        {
            double v = value!.Value;
            int py = y.ToPixel(v);
            canvas.Line(left + 1, py, right - 1, py, colour, dash);
            int labelY = Math.Max(py - BitmapFont.Height - 3, previousLabel + BitmapFont.Height + 4);
            string label = $"{name} {v.ToString("0.###", CultureInfo.InvariantCulture)}";
            canvas.Text(right - 4 - BitmapFont.Measure(label), labelY, label, colour);
            previousLabel = labelY;
        }
    }
}
