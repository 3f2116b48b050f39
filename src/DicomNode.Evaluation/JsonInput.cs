using System.Text.Json;

namespace DicomNode.Evaluation;

/// <summary>The JSON files evaluation reads (truth, findings, a saved evaluation): one way to read them and to say why one cannot be read.</summary>
internal static class JsonInput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The file's content as <typeparamref name="T"/>, or null for a JSON <c>null</c>.</summary>
    /// <param name="what">What the file holds, for the message: "the truth", "the findings".</param>
    /// <exception cref="EvaluationInputException">The file is missing, unreadable or not JSON of that shape; the message names the file.</exception>
    public static T? Read<T>(string path, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new EvaluationInputException($"{path}: cannot read {what}: {ex.Message}", ex);
        }
    }
}
