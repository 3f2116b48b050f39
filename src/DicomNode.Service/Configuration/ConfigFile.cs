using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The configuration file as the CLI edits it: JSON kept as it is apart from the edited keys, every
/// edit validated as the service would validate it, and written beside the file then renamed over it,
/// so the running service (which watches the file) never reads half an edit.
/// </summary>
internal sealed class ConfigFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private ConfigFile(string path, JsonObject root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public JsonObject Root { get; }

    public static ConfigFile Open(string path)
    {
        if (!File.Exists(path))
        {
            return new ConfigFile(path, new JsonObject());
        }

        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return new ConfigFile(path, node as JsonObject ?? throw new InvalidOperationException($"{path} does not hold a JSON object."));
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    public JsonObject Section(string name)
    {
        if (Root[name] is JsonObject section)
        {
            return section;
        }

        var created = new JsonObject();
        Root[name] = created;
        return created;
    }

    public JsonArray Array(string name)
    {
        if (Root[name] is JsonArray array)
        {
            return array;
        }

        var created = new JsonArray();
        Root[name] = created;
        return created;
    }

    /// <summary>The settings this file gives (on top of the defaults), as the service would bind them.</summary>
    public NodeSettings ToSettings()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Root.ToJsonString()));
        var configuration = new ConfigurationBuilder().AddJsonStream(stream).Build();
        var settings = new NodeSettings();
        configuration.Bind(settings);
        return settings;
    }

    /// <summary>Validates and writes; an edit that would make the configuration invalid is refused with the reasons.</summary>
    public void Save()
    {
        var problems = NodeSettingsValidator.Validate(ToSettings());
        if (problems.Count > 0)
        {
            throw new NodeConfigurationException(problems);
        }

        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
        Directory.CreateDirectory(directory);
        var temporary = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, Root, Indented);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
