using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Configuration;

/// <summary>Where the configuration comes from, and loading it into <see cref="NodeSettings"/>.</summary>
public static class NodeConfiguration
{
    public const string EnvironmentPrefix = "DICOMNODE_";

    /// <summary>
    /// The sources in order of precedence (later wins): appsettings.json beside the executable, the
    /// configuration file (watched, so edits reload while running), then DICOMNODE_ environment variables.
    /// A file that must exist (named with --config) and does not is a configuration error; one that may
    /// (the data folder's) is watched so that creating it later is taken like an edit.
    /// </summary>
    public static IConfigurationBuilder AddNodeSources(this IConfigurationBuilder builder, string? configFile, bool mustExist = true)
    {
        builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (!string.IsNullOrEmpty(configFile))
        {
            var full = Path.GetFullPath(configFile);
            if (mustExist && !File.Exists(full))
            {
                throw new NodeConfigurationException(new[] { $"configuration file {full} (given with --config) does not exist; correct the path or leave --config out." });
            }

            var problems = ConfigFileCheck.Check(full);
            if (problems.Count > 0)
            {
                throw new NodeConfigurationException(problems);
            }

            builder.AddJsonFile(source =>
            {
                source.Path = full;
                source.Optional = true;
                source.ReloadOnChange = true;
                // A file broken while the node runs is reported by LiveNodeSettings, which keeps the settings in force;
                // the provider must not throw on the thread that notices the change.
                source.OnLoadException = context => context.Ignore = true;
                if (Directory.Exists(Path.GetDirectoryName(full)))
                {
                    // Looks at the file alone, once a second, not at its folder and everything below it (the inbox, in the data folder).
                    source.FileProvider = new ConfigFileProvider(full);
                    source.Path = Path.GetFileName(full);
                }
                else
                {
                    // No folder yet (a verb run before any node made it): the physical provider, rooted at the nearest folder that exists.
                    source.ResolveFileProvider();
                }
            });
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
