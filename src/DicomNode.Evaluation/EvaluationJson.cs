using System.Text.Encodings.Web;
using System.Text.Json;

namespace DicomNode.Evaluation;

/// <summary>Writes the report as evaluation.json (camelCase, null for undefined measures), through a temporary file.</summary>
internal static class EvaluationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Keep "±", "≥" and "∩" readable in the definitions.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(string path, EvaluationReport report)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = path + ".partial";
        File.WriteAllText(temporary, JsonSerializer.Serialize(report, Options) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
