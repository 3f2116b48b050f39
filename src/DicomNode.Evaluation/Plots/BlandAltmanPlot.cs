using System.Globalization;
using DicomNode.Analysis.Evaluation;
using DicomNode.Rendering;
using SkiaSharp;

namespace DicomNode.Evaluation.Plots;

/// <summary>
/// Bland–Altman plots side by side as a PNG, drawn with SkiaSharp and the embedded DejaVu Sans: the mean of the two
/// volumes against their difference, with the bias as a solid line and the 95 % limits of agreement dashed, tick labels
/// on both axes and a legend.
/// </summary>
internal static class BlandAltmanPlot
{
    public const int PanelWidth = 620, PanelHeight = 520;

    private const int Left = 78, Right = 24, Top = 56, Bottom = 64;
    private const float TitleSize = 18f, LabelSize = 12f, AxisTitleSize = 13f;

    public static readonly SKColor Bias = new(20, 60, 200);
    public static readonly SKColor Limit = new(200, 30, 30);

    private static readonly SKColor Frame = SKColors.Black;
    private static readonly SKColor Zero = new(110, 110, 110);
    private static readonly SKColor Grid = new(225, 225, 225);

    /// <summary>Point colours, one per group in turn (the "tab10" colours, which stay apart for most colour-blind readers).</summary>
    public static readonly SKColor[] GroupColours =
    [
        new(31, 119, 180), new(255, 127, 14), new(44, 160, 44), new(148, 103, 189), new(140, 86, 75), new(227, 119, 194),
    ];

    public static byte[] Render(IReadOnlyList<PlotPanel> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A plot has at least one panel.", nameof(panels));
        }

        using var bitmap = PngImage.Blank(PanelWidth * panels.Count, PanelHeight, SKColors.White);
        using (var canvas = new SKCanvas(bitmap))
        {
            for (int n = 0; n < panels.Count; n++)
            {
                DrawPanel(canvas, n * PanelWidth, panels[n]);
            }
        }

        return PngImage.Encode(bitmap);
    }

    public static void Write(string path, IReadOnlyList<PlotPanel> panels) => PngImage.Write(path, Render(panels));

    private static void DrawPanel(SKCanvas canvas, int x0, PlotPanel panel)
    {
        int plotLeft = x0 + Left, plotRight = x0 + PanelWidth - Right, plotTop = Top, plotBottom = PanelHeight - Bottom;
        using var titleFont = new SKFont(EmbeddedFonts.Bold, TitleSize);
        using var labelFont = new SKFont(EmbeddedFonts.Regular, LabelSize);
        using var axisFont = new SKFont(EmbeddedFonts.Regular, AxisTitleSize);
        using var black = Fill(Frame);
        canvas.DrawText(panel.Title, x0 + (PanelWidth / 2f), 32, SKTextAlign.Center, titleFont, black);

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

        using var grid = Stroke(Grid, 1f);
        using var frame = Stroke(Frame, 1f);
        foreach (var tick in x.Ticks())
        {
            float px = x.ToPixel(tick) + 0.5f;
            canvas.DrawLine(px, plotTop, px, plotBottom, grid);
            canvas.DrawLine(px, plotBottom, px, plotBottom + 4, frame);
            canvas.DrawText(x.Label(tick), px, plotBottom + 18, SKTextAlign.Center, labelFont, black);
        }

        foreach (var tick in y.Ticks())
        {
            float py = y.ToPixel(tick) + 0.5f;
            canvas.DrawLine(plotLeft, py, plotRight, py, grid);
            canvas.DrawLine(plotLeft - 4, py, plotLeft, py, frame);
            canvas.DrawText(y.Label(tick), plotLeft - 7, py + (LabelSize * 0.36f), SKTextAlign.Right, labelFont, black);
        }

        using (var zero = Stroke(Zero, 1f))
        {
            canvas.DrawLine(plotLeft, y.ToPixel(0) + 0.5f, plotRight, y.ToPixel(0) + 0.5f, zero);
        }

        canvas.DrawRect(plotLeft + 0.5f, plotTop + 0.5f, plotRight - plotLeft, plotBottom - plotTop, frame);

        canvas.DrawText("Mean of prediction and truth (cm³)", (plotLeft + plotRight) / 2f, plotBottom + 42, SKTextAlign.Center, axisFont, black);
        canvas.Save();
        canvas.RotateDegrees(-90, x0 + 20, (plotTop + plotBottom) / 2f);
        canvas.DrawText("Prediction − truth (cm³)", x0 + 20, ((plotTop + plotBottom) / 2f) + (AxisTitleSize * 0.36f), SKTextAlign.Center, axisFont, black);
        canvas.Restore();

        if (points.Count == 0)
        {
            using var grey = Fill(Zero);
            canvas.DrawText("No pairs", (plotLeft + plotRight) / 2f, (plotTop + plotBottom) / 2f, SKTextAlign.Center, titleFont, grey);
            return;
        }

        DrawLines(canvas, y, plotLeft, plotRight, labelFont, [(a.UpperLimit, "+1.96 SD", Limit, true), (a.Bias, "bias", Bias, false), (a.LowerLimit, "−1.96 SD", Limit, true)]);

        for (int g = 0; g < panel.Groups.Count; g++)
        {
            using var colour = Fill(GroupColours[g % GroupColours.Length]);
            foreach (var p in panel.Groups[g].Points)
            {
                canvas.DrawCircle(x.ToPixel(p.Mean) + 0.5f, y.ToPixel(p.Difference) + 0.5f, 3f, colour);
            }

            // Legend, top left inside the frame.
            float ly = plotTop + 16 + (g * 17);
            canvas.DrawCircle(plotLeft + 12, ly - 4, 3.5f, colour);
            canvas.DrawText($"{panel.Groups[g].Name} ({panel.Groups[g].Points.Count})", plotLeft + 22, ly, SKTextAlign.Left, labelFont, black);
        }

        canvas.DrawText($"N = {a.Count}", plotRight - 6, plotTop + 16, SKTextAlign.Right, labelFont, black);
    }

    /// <summary>The bias and limit lines, each labelled above its right end; labels that would overlap are moved apart downwards.</summary>
    private static void DrawLines(SKCanvas canvas, AxisScale y, int left, int right, SKFont font, (double? Value, string Name, SKColor Colour, bool Dashed)[] lines)
    {
        float previousBaseline = float.MinValue;
        foreach (var (value, name, colour, dashed) in lines.Where(l => l.Value is not null).OrderByDescending(l => l.Value))
        {
            double v = value!.Value;
            float py = y.ToPixel(v) + 0.5f;
            using var stroke = Stroke(colour, 1.5f);
            using var dash = dashed ? SKPathEffect.CreateDash([6f, 6f], 0f) : null;
            stroke.PathEffect = dash;
            canvas.DrawLine(left + 1, py, right - 1, py, stroke);
            float baseline = Math.Max(py - 4, previousBaseline + font.Size + 3);
            using var text = Fill(colour);
            canvas.DrawText($"{name} {v.ToString("0.###", CultureInfo.InvariantCulture)}", right - 6, baseline, SKTextAlign.Right, font, text);
            previousBaseline = baseline;
        }
    }

    private static SKPaint Fill(SKColor colour) => new() { IsAntialias = true, Color = colour, Style = SKPaintStyle.Fill };

    private static SKPaint Stroke(SKColor colour, float width) => new() { IsAntialias = true, Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = width };
}
