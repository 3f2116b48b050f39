using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// Parses the output of <c>dcmdump -q +L +Qn -Un</c> (DCMTK 3.6) into a tree. Those options make the
/// dump complete and unambiguous: <c>+L</c> prints long values whole, <c>+Qn</c> writes control and
/// non-ASCII bytes as <c>&amp;#nnn;</c> (so a value never spans lines and every byte is recoverable),
/// <c>-Un</c> prints UIDs instead of their names. Nesting is read from the indentation, two spaces a level.
/// </summary>
internal static partial class DcmdumpParser
{
    // (gggg,eeee) VR value   # length, VM Name — the value is greedy so that a '#' inside it is kept.
    [GeneratedRegex(@"^(?<indent> *)\((?<g>[0-9a-f]{4}),(?<e>[0-9a-f]{4})\) (?<vr>\S\S) (?<value>.*?) *# *(?<length>\d+|u/l), *(?<vm>\d+)(?: (?<name>[^#]*))?$")]
    private static partial Regex ElementLine();

    public static DcmdumpDocument Parse(string dump)
    {
        var document = new DcmdumpDocument();
        var containers = new List<List<DcmdumpNode>> { document.Dataset };
        var lineNumber = 0;
        foreach (var raw in dump.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                if (line.StartsWith("# Dicom-Meta-Information-Header", StringComparison.Ordinal))
                {
                    containers = new List<List<DcmdumpNode>> { document.MetaInformation };
                }
                else if (line.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal))
                {
                    containers = new List<List<DcmdumpNode>> { document.Dataset };
                }
                else if (line.StartsWith("# Used TransferSyntax: ", StringComparison.Ordinal) && containers[0] == document.Dataset)
                {
                    document.DatasetTransferSyntax = line["# Used TransferSyntax: ".Length..];
                }

                continue;
            }

            var match = ElementLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"dcmdump line {lineNumber} is not an element line: {line}");
            }

            var tag = new DicomTag(
                ushort.Parse(match.Groups["g"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                ushort.Parse(match.Groups["e"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

            // Delimitation items carry no data; DCMTK prints them even for explicit-length items ("for re-encoding").
            if (tag == DicomTag.ItemDelimitationItem || tag == DicomTag.SequenceDelimitationItem)
            {
                continue;
            }

            var depth = match.Groups["indent"].Length / 2;
            if (depth >= containers.Count)
            {
                throw new FormatException($"dcmdump line {lineNumber} is nested deeper than the line before it: {line}");
            }

            var value = match.Groups["value"].Value;
            var isText = value.Length >= 2 && value[0] == '[' && value[^1] == ']';
            if (isText)
            {
                value = value[1..^1];
            }

            var length = match.Groups["length"].Value == "u/l"
                ? (uint?)null
                : uint.Parse(match.Groups["length"].Value, CultureInfo.InvariantCulture);
            var node = new DcmdumpNode(tag, match.Groups["vr"].Value, DecodeMarkup(value), isText, length, lineNumber);

            containers[depth].Add(node);
            containers.RemoveRange(depth + 1, containers.Count - depth - 1);
            containers.Add(node.Children);
        }

        return document;
    }

    /// <summary>
    /// Undoes <c>+Qn</c>: <c>&amp;#nnn;</c> is the byte nnn (DCMTK quotes byte by byte, so the result read
    /// as Latin-1 has one char per byte of the value), and the five XML entities.
    /// </summary>
    public static string DecodeMarkup(string text)
    {
        if (text.IndexOf('&') < 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var end = text[i] == '&' ? text.IndexOf(';', i) : -1;
            if (end < 0)
            {
                result.Append(text[i]);
                continue;
            }

            var entity = text[(i + 1)..end];
            string? decoded = entity switch
            {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                "apos" => "'",
                _ when entity.StartsWith('#') && int.TryParse(entity.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var code) => ((char)code).ToString(),
                _ => null,
            };
            if (decoded is null)
            {
                result.Append(text[i]);
                continue;
            }

            result.Append(decoded);
            i = end;
        }

        return result.ToString();
    }
}
