using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace DicomNode.Reporting.Pdf;

/// <summary>A top-to-bottom flow of text, tables and pictures on A4 pages, starting a new page where the next block does not fit.</summary>
internal sealed class PdfLayout : IDisposable
{
    public const double Margin = 42;
    private const double FooterSpace = 34;

    private readonly PdfDocument _document;
    private XGraphics? _graphics;

    public PdfLayout(PdfDocument document)
    {
        _document = document;
        NewPage();
    }

    public XGraphics Graphics => _graphics!;

    public double Y { get; set; }

    public double Width => Page.Width.Point - (2 * Margin);

    public PdfPage Page { get; private set; } = null!;

    private double Bottom => Page.Height.Point - Margin - FooterSpace;

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Need(double height)
    {
        if (Y + height > Bottom)
        {
            NewPage();
        }
    }

    public void NewPage()
    {
        _graphics?.Dispose();
        Page = _document.AddPage();
        Page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(Page);
        Y = Margin;
    }

    /// <summary>One line of text at the cursor, cut with "…" to the width; the cursor moves below it.</summary>
    public void Line(string text, XFont font, XBrush brush, double indent = 0, double spacing = 1.35)
    {
        var height = font.Size * spacing;
        Need(height);
        Graphics.DrawString(Fit(text, font, Width - indent), font, brush, Margin + indent, Y + font.Size);
        Y += height;
    }

    /// <summary>Text wrapped at spaces to the width; the cursor moves below it.</summary>
    public void Paragraph(string text, XFont font, XBrush brush, double indent = 0)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var line = string.Empty;
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && Graphics.MeasureString(candidate, font).Width > Width - indent)
            {
                Line(line, font, brush, indent);
                line = word;
            }
            else
            {
                line = candidate;
            }
        }

        if (line.Length > 0)
        {
            Line(line, font, brush, indent);
        }
    }

    /// <summary>A table: a bold header row, then the rows, with column widths as fractions of the page width.</summary>
    public void Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, IReadOnlyList<double> widths, XFont font, XFont bold)
    {
        var rowHeight = font.Size * 1.6;
        Need(rowHeight * Math.Min(rows.Count + 1, 3));
        Row(header, bold, XBrushes.Black, new XSolidBrush(XColor.FromArgb(225, 228, 235)));
        for (var r = 0; r < rows.Count; r++)
        {
            if (Y + rowHeight > Bottom)
            {
                NewPage();
                Row(header, bold, XBrushes.Black, new XSolidBrush(XColor.FromArgb(225, 228, 235)));
            }

            Row(rows[r], font, XBrushes.Black, r % 2 == 1 ? new XSolidBrush(XColor.FromArgb(246, 247, 250)) : null);
        }

        Y += 6;

        void Row(IReadOnlyList<string> cells, XFont cellFont, XBrush brush, XBrush? background)
        {
            if (background is not null)
            {
                Graphics.DrawRectangle(background, Margin, Y, Width, rowHeight);
            }

            var x = Margin;
            for (var c = 0; c < cells.Count; c++)
            {
                var w = widths[c] * Width;
                Graphics.DrawString(Fit(cells[c], cellFont, w - 6), cellFont, brush, x + 3, Y + (rowHeight / 2) + (cellFont.Size * 0.35));
                x += w;
            }

            Y += rowHeight;
        }
    }

    public string Fit(string text, XFont font, double width)
    {
        if (Graphics.MeasureString(text, font).Width <= width)
        {
            return text;
        }

        var length = text.Length;
        while (length > 1 && Graphics.MeasureString(string.Concat(text.AsSpan(0, length).TrimEnd(), "…"), font).Width > width)
        {
            length--;
        }

        return string.Concat(text.AsSpan(0, length).TrimEnd(), "…");
    }

    public void Dispose() => _graphics?.Dispose();
}
