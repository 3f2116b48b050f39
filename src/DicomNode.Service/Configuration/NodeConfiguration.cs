using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Configuration;

/// <summary>Where the configuration comes from, and loading it into <see cref="NodeSettings"/>.</summary>
public static class NodeConfiguration
{
    public const string EnvironmentPrefix = "DICOMNODE_";

    /// <summary>
    /// The sources in order of precedence (later wins): appsettings.json beside the executable, the
    /// --config file (watched, so edits reload while running), then DICOMNODE_ environment variables.
    /// </summary>
    public static IConfigurationBuilder AddNodeSources(this IConfigurationBuilder builder, string? configFile)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (!string.IsNullOrEmpty(configFile))
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new FileNotFoundException($"Configuration file '{full}' does not exist (given with --config).", full);
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: true);
        }

        return builder.AddEnvironmentVariables(EnvironmentPrefix);
    }

    /// <summary>Binds and validates; throws <see cref="NodeConfigurationException"/> listing every problem by key.</summary>
    public static NodeSettings Load(IConfiguration configuration)
    {
        var settings = new NodeSettings();
        try
        {
            configuration.Bind(settings);
        }
        catch (InvalidOperationException ex)
        {
            throw new NodeConfigurationException(new[] { $"A value has the wrong type: {ex.Message} Correct it in the configuration file." });
        }

        var errors = NodeSettingsValidator.Validate(settings);
        if (errors.Count > 0)
        {
            throw new NodeConfigurationException(errors);
        }

        return settings;
    }
}

/// <summary>The configuration is not usable; <see cref="Problems"/> names each key and its fix.</summary>
public sealed class NodeConfigurationException : Exception
{
    public NodeConfigurationException(IReadOnlyList<string> problems)
        : base("The configuration is not valid:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
