using System.Text.Json;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The command-line values a running <c>serve</c> uses instead of the configuration file's, written in
/// its data folder while it runs so that <c>config show</c> can say which keys of the file are not in
/// force. A file left by a killed node is recognised by its process id and ignored.
/// </summary>
internal sealed record ServeOverrides(int ProcessId, Dictionary<string, string?> Values)
{
    public const string FileName = "serve-overrides.json";

    public static void Write(string dataDirectory, IReadOnlyDictionary<string, string?> values)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (values.Count == 0)
        {
            File.Delete(path);
            return;
        }

        File.WriteAllText(path, JsonSerializer.Serialize(new ServeOverrides(Environment.ProcessId, new Dictionary<string, string?>(values))));
    }

    public static void Remove(string dataDirectory) => File.Delete(Path.Combine(dataDirectory, FileName));

    /// <summary>The overrides of the node running on this data folder; null when none runs or it has none.</summary>
    public static ServeOverrides? ReadRunning(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var overrides = JsonSerializer.Deserialize<ServeOverrides>(File.ReadAllText(path));
            return overrides is not null && IsRunning(overrides.ProcessId) ? overrides : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
