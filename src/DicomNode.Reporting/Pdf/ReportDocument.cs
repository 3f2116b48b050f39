using System.Globalization;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.KeyImages;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace DicomNode.Reporting.Pdf;

/// <summary>
/// The PDF report of a study, made with PDFsharp: the notice, patient and study, N and M staging with the counts, a
/// table of the metastases and one of the lymph nodes, the key images with their titles, and the models with their
/// versions and thresholds. Every page carries the node, the page number and the notice in its footer.
/// </summary>
internal static class ReportDocument
{
    private const string Family = "DejaVu Sans";

    public static byte[] Build(
        StudyFindings study,
        DicomDataset studyInstance,
        AnalysisAlgorithms algorithms,
        IReadOnlyList<WrittenKeyImage> keyImages,
        NodeIdentity identity,
        OutputOptions options,
        DateTimeOffset now)
    {
        PdfFontResolver.Install();
        using var document = new PdfDocument();
        document.Info.Title = Title;
        document.Info.Author = identity.Manufacturer;
        document.Info.Creator = $"{identity.ManufacturerModelName} {identity.SoftwareVersions}";
        document.Info.CreationDate = now.LocalDateTime;
        document.Info.ModificationDate = now.LocalDateTime;

        var title = new XFont(Family, 17, XFontStyleEx.Bold);
        var heading = new XFont(Family, 12, XFontStyleEx.Bold);
        var text = new XFont(Family, 9.5);
        var bold = new XFont(Family, 9.5, XFontStyleEx.Bold);
        var small = new XFont(Family, 8);
        var grey = new XSolidBrush(XColor.FromArgb(90, 90, 90));
        using (var layout = new PdfLayout(document))
        {
            layout.Line(Title, title, XBrushes.Black);
            layout.Line(Subtitle, heading, grey);
            if (!string.IsNullOrWhiteSpace(options.Notice))
            {
                Notice(layout, options.Notice!, heading);
            }

            Patient(layout, studyInstance, text, grey);
            Staging(layout, study, options, heading, text, bold);
            Metastases(layout, study, heading, text, bold);
            Nodes(layout, study, heading, text, bold);
            Images(layout, keyImages, heading, small);
            Models(layout, algorithms, study.Thresholds, heading, text, bold);
        }

        Footers(document, identity, options.Notice, now, small, grey);
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public const string Title = "Pelvic MRI: AI analysis report";

    private const string Subtitle = "Bone metastases and lymph nodes, staged N and M";

    private static void Notice(PdfLayout layout, string notice, XFont font)
    {
        var lines = Math.Max(1, (int)Math.Ceiling(layout.Graphics.MeasureString(notice, font).Width / (layout.Width - 16)));
        var height = (lines * font.Size * 1.35) + 12;
        layout.Need(height);
        layout.Graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(150, 0, 0)), PdfLayout.Margin, layout.Y, layout.Width, height);
        layout.Y += 6;
        layout.Paragraph(notice, font, XBrushes.White, indent: 8);
        layout.Y += 10;
    }

    private static void Patient(PdfLayout layout, DicomDataset instance, XFont font, XBrush brush)
    {
        string Value(DicomTag tag) => instance.GetString(tag) is { Length: > 0 } v ? v.Replace('^', ' ').Trim() : "—";
        layout.Line($"Patient: {Value(DicomTags.PatientName)} · ID {Value(DicomTags.PatientID)} · born {Value(DicomTags.PatientBirthDate)} · sex {Value(DicomTags.PatientSex)}", font, brush);
        layout.Line($"Study: {Value(DicomTags.StudyDescription)} · date {Value(DicomTags.StudyDate)} · accession {Value(DicomTags.AccessionNumber)}", font, brush);
        layout.Y += 6;
    }

    private static void Staging(PdfLayout layout, StudyFindings study, OutputOptions options, XFont heading, XFont font, XFont bold)
    {
        layout.Line("Staging", heading, XBrushes.Black);
        var n = study.NStage is { } nStage
            ? string.Create(CultureInfo.InvariantCulture, $"{nStage}: {study.SuspiciousNodeCount} suspicious of {study.Nodes.Count} lymph node{(study.Nodes.Count == 1 ? string.Empty : "s")} (short axis > {study.Thresholds.SuspiciousShortAxisMm:0.#} mm)")
            : "NX: lymph nodes not assessed";
        var m = study.MStage is { } mStage
            ? $"{mStage}: {study.Metastases.Count} bone metastas{(study.Metastases.Count == 1 ? "is" : "es")}"
            : "MX: bone metastases not assessed";
        layout.Line("N stage  " + n, bold, XBrushes.Black, indent: 8);
        layout.Line("M stage  " + m, bold, XBrushes.Black, indent: 8);
        if (study.LargestNode is { } largest)
        {
            layout.Line(string.Create(CultureInfo.InvariantCulture, $"Largest lymph node: node {largest.Number}, short axis {largest.ShortAxisMm:0.0} mm, {largest.VolumeCm3:0.00} cm³"), font, XBrushes.Black, indent: 8);
        }

        foreach (var limitation in options.Limitations)
        {
            layout.Paragraph("Limitation: " + limitation, font, XBrushes.DarkRed, indent: 8);
        }

        layout.Y += 8;
    }

    private static void Metastases(PdfLayout layout, StudyFindings study, XFont heading, XFont font, XFont bold)
    {
        layout.Line("Bone metastases", heading, XBrushes.Black);
        if (study.MStage is null)
        {
            layout.Line("Not assessed.", font, XBrushes.Black, indent: 8);
            layout.Y += 6;
            return;
        }

        if (study.Metastases.Count == 0)
        {
            layout.Line("None found.", font, XBrushes.Black, indent: 8);
            layout.Y += 6;
            return;
        }

        var rows = study.Metastases.Select(m =>
        {
            var f = m.Primary;
            var adc = (m.OnDwi?.MeanAdc ?? f.MeanAdc) is { } mean ? mean.ToString("0", CultureInfo.InvariantCulture) : "—";
            var seen = string.Join(" + ", new[] { m.OnT1InPhase is null ? null : "T1 in-phase", m.OnDwi is null ? null : "DWI" }.Where(s => s is not null));
            return (IReadOnlyList<string>)
            [
                m.Number.ToString(CultureInfo.InvariantCulture),
                BoneConcepts.For(f.Bone).Name,
                Side(f.Side),
                f.VolumeCm3.ToString("0.00", CultureInfo.InvariantCulture),
                adc,
                seen,
            ];
        }).ToList();
        layout.Table(["#", "Site", "Side", "Volume cm³", "Mean ADC 10⁻⁶ mm²/s", "Seen on"], rows, [0.05, 0.2, 0.1, 0.15, 0.25, 0.25], font, bold);
    }

    private static void Nodes(PdfLayout layout, StudyFindings study, XFont heading, XFont font, XFont bold)
    {
        layout.Line("Lymph nodes (DWI)", heading, XBrushes.Black);
        if (study.NStage is null)
        {
            layout.Line("Not assessed.", font, XBrushes.Black, indent: 8);
            layout.Y += 6;
            return;
        }

        if (study.Nodes.Count == 0)
        {
            layout.Line("None found.", font, XBrushes.Black, indent: 8);
            layout.Y += 6;
            return;
        }

        var rows = study.Nodes.Select(n => (IReadOnlyList<string>)
        [
            n.Number.ToString(CultureInfo.InvariantCulture),
            "pelvic lymph node",
            Side(n.Side),
            n.VolumeCm3.ToString("0.00", CultureInfo.InvariantCulture),
            n.ShortAxisMm.ToString("0.0", CultureInfo.InvariantCulture),
            n.LongAxisMm.ToString("0.0", CultureInfo.InvariantCulture),
            n.Suspicious ? "Yes" : "No",
        ]).ToList();
        layout.Table(["#", "Site", "Side", "Volume cm³", "Short axis mm", "Long axis mm", "Suspicious"], rows, [0.05, 0.21, 0.08, 0.15, 0.18, 0.18, 0.15], font, bold);
        layout.Line("Mean ADC is not measured for lymph nodes by this method.", font, XBrushes.Gray, indent: 2);
        layout.Y += 6;
    }

    private static void Images(PdfLayout layout, IReadOnlyList<WrittenKeyImage> images, XFont heading, XFont caption)
    {
        if (images.Count == 0)
        {
            return;
        }

        layout.Need(heading.Size * 1.35 + 200);
        layout.Line("Key images", heading, XBrushes.Black);
        const double gap = 12;
        var width = (layout.Width - gap) / 2;
        for (var i = 0; i < images.Count; i += 2)
        {
            var pair = images.Skip(i).Take(2).ToList();
            var height = pair.Max(p => width * p.Picture.Height / p.Picture.Width);
            layout.Need(height + 18);
            for (var c = 0; c < pair.Count; c++)
            {
                var picture = pair[c].Picture;
                using var stream = new MemoryStream(picture.Png);
                using var image = XImage.FromStream(stream);
                var x = PdfLayout.Margin + (c * (width + gap));
                var h = width * picture.Height / picture.Width;
                layout.Graphics.DrawImage(image, x, layout.Y, width, h);
                layout.Graphics.DrawString(layout.Fit($"{i + c + 1}. {pair[c].Title}", caption, width), caption, XBrushes.Black, x, layout.Y + h + caption.Size + 2);
            }

            layout.Y += height + 18;
        }

        layout.Y += 4;
    }

    private static void Models(PdfLayout layout, AnalysisAlgorithms algorithms, AnalysisThresholds thresholds, XFont heading, XFont font, XFont bold)
    {
        layout.Line("Models", heading, XBrushes.Black);
        var rows = algorithms.All.Select(a => (IReadOnlyList<string>)[a.Name, a.Version]).ToList();
        layout.Table(["Model", "Version"], rows, [0.6, 0.4], font, bold);
        layout.Line(string.Create(CultureInfo.InvariantCulture,
            $"Thresholds: a metastasis counts from {thresholds.MinimumMetastasisVolumeCm3:0.0#} cm³; a lymph node is suspicious above {thresholds.SuspiciousShortAxisMm:0.#} mm short axis."), font, XBrushes.Black);
    }

    private static void Footers(PdfDocument document, NodeIdentity identity, string? notice, DateTimeOffset now, XFont font, XBrush brush)
    {
        for (var p = 0; p < document.PageCount; p++)
        {
            var page = document.Pages[p];
            using var graphics = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var y = page.Height.Point - PdfLayout.Margin;
            var left = string.Create(CultureInfo.InvariantCulture, $"{identity.ManufacturerModelName} {identity.SoftwareVersions} · {now:yyyy-MM-dd HH:mm} · page {p + 1} of {document.PageCount}");
            graphics.DrawString(left, font, brush, PdfLayout.Margin, y);
            if (!string.IsNullOrWhiteSpace(notice))
            {
                graphics.DrawString(notice.Trim(), new XFont(Family, 8, XFontStyleEx.Bold), new XSolidBrush(XColor.FromArgb(150, 0, 0)), PdfLayout.Margin, y + 11);
            }
        }
    }

    private static string Side(Side side) => side switch
    {
        Analysis.Findings.Side.Left => "left",
        Analysis.Findings.Side.Right => "right",
        _ => "midline",
    };
}
