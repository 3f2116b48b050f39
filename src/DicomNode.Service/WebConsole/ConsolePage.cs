using System.Globalization;
using System.Net;
using System.Text;

namespace DicomNode.Service.WebConsole;

/// <summary>
/// One server-rendered console page: a navigation bar, an optional message, then sections, tables and forms. Every
/// value is HTML-encoded; every form carries the anti-forgery token of the request.
/// </summary>
internal sealed class ConsolePage
{
    private static readonly (string Path, string Title)[] Navigation =
    [
        ("/console", "Status"), ("/console/settings", "AE title, callers, destinations"), ("/console/studies", "Studies"),
        ("/console/jobs", "Jobs"), ("/console/outbox", "Outbox"), ("/console/audit", "Audit trail"), ("/console/log", "Log"),
    ];

    private readonly StringBuilder _html = new();
    private readonly (string Name, string Value)? _token;

    public ConsolePage(string title, (string Name, string Value)? antiforgeryToken, string? message, bool signedIn = true)
    {
        _token = antiforgeryToken;
        _html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>DicomNode · ").Append(E(title))
            .Append("</title><link rel=\"stylesheet\" href=\"/console/style.css\"></head><body><header><strong>DicomNode</strong> ")
            .Append(E(Dicom.DicomImplementation.Version));
        if (signedIn)
        {
            _html.Append("<nav>");
            foreach (var (path, name) in Navigation)
            {
                _html.Append("<a href=\"").Append(path).Append("\">").Append(E(name)).Append("</a>");
            }

            _html.Append("</nav>");
            Form("/console/logout", "Sign out", []);
        }

        _html.Append("</header><main><h1>").Append(E(title)).Append("</h1>");
        if (!string.IsNullOrEmpty(message))
        {
            _html.Append("<p class=\"message\" role=\"status\">").Append(E(message)).Append("</p>");
        }
    }

    public static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string When(DateTimeOffset? time) => time?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    public ConsolePage Section(string heading)
    {
        _html.Append("<h2>").Append(E(heading)).Append("</h2>");
        return this;
    }

    public ConsolePage Paragraph(string text, string? cssClass = null)
    {
        _html.Append(cssClass is null ? "<p>" : $"<p class=\"{cssClass}\">").Append(E(text)).Append("</p>");
        return this;
    }

    public ConsolePage Preformatted(IEnumerable<string> lines)
    {
        _html.Append("<pre>");
        foreach (var line in lines)
        {
            _html.Append(E(line)).Append('\n');
        }

        _html.Append("</pre>");
        return this;
    }

    /// <summary>A table; a cell given as <see cref="Raw"/> is markup this class made (a form), any other is text.</summary>
    public ConsolePage Table(string id, IReadOnlyList<string> headings, IEnumerable<IReadOnlyList<object?>> rows, string empty)
    {
        var any = false;
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            any = true;
            body.Append("<tr>");
            foreach (var cell in row)
            {
                body.Append("<td>").Append(cell is Raw raw ? raw.Html : E(Convert.ToString(cell, CultureInfo.InvariantCulture))).Append("</td>");
            }

            body.Append("</tr>");
        }

        if (!any)
        {
            return Paragraph(empty, "empty");
        }

        _html.Append("<table id=\"").Append(E(id)).Append("\"><thead><tr>");
        foreach (var heading in headings)
        {
            _html.Append("<th>").Append(E(heading)).Append("</th>");
        }

        _html.Append("</tr></thead><tbody>").Append(body).Append("</tbody></table>");
        return this;
    }

    /// <summary>A form posting <paramref name="fields"/> (name, label, value, type) to <paramref name="action"/>; hidden fields have no label.</summary>
    public ConsolePage Form(string action, string button, IReadOnlyList<Field> fields)
    {
        _html.Append(FormHtml(action, button, fields));
        return this;
    }

    /// <summary>The markup of a small form, to put in a table cell.</summary>
    public Raw InlineForm(string action, string button, params Field[] fields) => new(FormHtml(action, button, fields, inline: true));

    public string Render() => _html.Append("</main></body></html>").ToString();

    private string FormHtml(string action, string button, IReadOnlyList<Field> fields, bool inline = false)
    {
        var form = new StringBuilder();
        form.Append("<form method=\"post\" action=\"").Append(E(action)).Append('"').Append(inline ? " class=\"inline\"" : string.Empty).Append('>');
        if (_token is { } token)
        {
            form.Append("<input type=\"hidden\" name=\"").Append(E(token.Name)).Append("\" value=\"").Append(E(token.Value)).Append("\">");
        }

        foreach (var field in fields)
        {
            if (field.Type == "hidden")
            {
                form.Append("<input type=\"hidden\" name=\"").Append(E(field.Name)).Append("\" value=\"").Append(E(field.Value)).Append("\">");
                continue;
            }

            form.Append("<label>").Append(E(field.Label)).Append(' ');
            form.Append(field.Type == "checkbox"
                ? $"<input type=\"checkbox\" name=\"{E(field.Name)}\" value=\"true\"{(field.Value == "true" ? " checked" : string.Empty)}>"
                : $"<input type=\"{E(field.Type)}\" name=\"{E(field.Name)}\" value=\"{E(field.Value)}\"{(field.Required ? " required" : string.Empty)}>");
            form.Append("</label>");
        }

        form.Append("<button type=\"submit\">").Append(E(button)).Append("</button></form>");
        return form.ToString();
    }

    /// <summary>Markup made by this class, put into a table cell as it is.</summary>
    public sealed record Raw(string Html);

    public sealed record Field(string Name, string Label, string Value = "", string Type = "text", bool Required = false)
    {
        public static Field Hidden(string name, string value) => new(name, string.Empty, value, "hidden");
    }

    public const string StyleSheet =
        """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1d2733; background: #f6f8fa; }
        header { background: #1d2733; color: #fff; padding: .6em 1em; display: flex; gap: 1.2em; align-items: center; flex-wrap: wrap; }
        header a { color: #cfe3ff; margin-right: 1em; text-decoration: none; }
        header form { margin-left: auto; }
        main { padding: 1em 2em; }
        table { border-collapse: collapse; margin: .5em 0 1.5em; background: #fff; }
        th, td { border: 1px solid #d0d7de; padding: .3em .6em; text-align: left; vertical-align: top; font-size: .92em; }
        th { background: #eef2f6; }
        form { margin: .4em 0 1em; }
        form.inline { display: inline; margin: 0; }
        label { margin-right: .8em; }
        input[type=text], input[type=number], input[type=password] { padding: .2em .4em; }
        button { padding: .25em .8em; }
        .message { background: #fff8c5; border: 1px solid #d4a72c; padding: .5em 1em; }
        .warning { color: #9a6700; }
        .empty { color: #57606a; font-style: italic; }
        pre { background: #fff; border: 1px solid #d0d7de; padding: .8em; overflow-x: auto; font-size: .85em; }
        """;
}
