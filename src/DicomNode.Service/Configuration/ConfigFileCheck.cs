using System.Collections;
using System.Reflection;
using System.Text.Json;

namespace DicomNode.Service.Configuration;

/// <summary>
/// Reads a configuration file as JSON and against the shape of <see cref="NodeSettings"/>, before the
/// configuration binder sees it: the binder drops keys it does not know and a misspelled key would
/// silently leave its default in force. Each problem names the file, the line and the key.
/// </summary>
internal static class ConfigFileCheck
{
    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The problems of the file at <paramref name="path"/>; none when it does not exist (the defaults apply).</summary>
    public static IReadOnlyList<string> Check(string path)
    {
        if (!File.Exists(path))
        {
            return Array.Empty<string>();
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new[] { $"{path}: cannot be read ({ex.Message}); check that it exists and that the node may read it." };
        }

        return Check(bytes, path);
    }

    public static IReadOnlyList<string> Check(ReadOnlySpan<byte> json, string fileName)
    {
        var problems = new List<string>();
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        var lines = LineStarts(json);
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read())
            {
                problems.Add($"{fileName}: is empty; write {{ }} for the defaults or delete the file.");
                return problems;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                problems.Add($"{fileName}:{LineOf(lines, reader.TokenStartIndex)}: holds no JSON object; the configuration is one {{ ... }} object.");
                return problems;
            }

            WalkObject(ref reader, typeof(NodeSettings), string.Empty, fileName, lines, problems);
            while (reader.Read())
            {
                // Anything after the root object is a syntax error the reader reports.
            }
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            problems.Add($"{fileName}:{line}:{column}: not valid JSON ({Reason(ex)}); correct the file there (often a missing comma, quote or brace).");
        }

        return problems;
    }

    private static void WalkObject(ref Utf8JsonReader reader, Type type, string prefix, string fileName, int[] lines, List<string> problems)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            var line = LineOf(lines, reader.TokenStartIndex);
            var key = prefix.Length == 0 ? name : $"{prefix}:{name}";
            reader.Read();
            if (!seen.Add(name))
            {
                // The configuration provider refuses duplicates too, but without the line.
                problems.Add($"{fileName}:{line}: key '{key}' appears twice; keep one.");
            }

            var property = properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                problems.Add($"{fileName}:{line}: unknown key '{key}'{Suggestion(name, properties, prefix)}; correct or remove it.");
                reader.Skip();
                continue;
            }

            WalkValue(ref reader, property.PropertyType, key, fileName, lines, problems);
        }
    }

    private static void WalkValue(ref Utf8JsonReader reader, Type type, string key, string fileName, int[] lines, List<string> problems)
    {
        if (reader.TokenType == JsonTokenType.StartObject && IsSection(type))
        {
            WalkObject(ref reader, type, key, fileName, lines, problems);
        }
        else if (reader.TokenType == JsonTokenType.StartArray && ElementOf(type) is { } element)
        {
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                WalkValue(ref reader, element, $"{key}:{index++}", fileName, lines, problems);
            }
        }
        else
        {
            // Values of the wrong type are reported by the binder, by key.
            reader.Skip();
        }
    }

    private static bool IsSection(Type type) => type.IsClass && type != typeof(string) && type.Namespace == typeof(NodeSettings).Namespace;

    private static Type? ElementOf(Type type) =>
        type.IsGenericType && typeof(IList).IsAssignableFrom(type) ? type.GetGenericArguments()[0] : null;

    private static string Suggestion(string name, List<PropertyInfo> properties, string prefix)
    {
        var best = properties
            .Select(p => (p.Name, Distance: EditDistance(name.ToUpperInvariant(), p.Name.ToUpperInvariant())))
            .OrderBy(c => c.Distance)
            .FirstOrDefault();
        if (best.Name is not null && best.Distance <= Math.Max(2, name.Length / 4))
        {
            return $" (did you mean '{(prefix.Length == 0 ? best.Name : $"{prefix}:{best.Name}")}'?)";
        }

        var known = string.Join(", ", properties.Select(p => p.Name));
        return prefix.Length == 0 ? $" (sections are {known})" : $" ({prefix} has {known})";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (at > 0 ? message[..at] : message).TrimEnd('.', ' ');
    }

    private static int[] LineStarts(ReadOnlySpan<byte> json)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }

    private static int LineOf(int[] lineStarts, long offset)
    {
        var index = Array.BinarySearch(lineStarts, (int)offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
