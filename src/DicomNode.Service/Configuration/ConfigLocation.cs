namespace DicomNode.Service.Configuration;

/// <summary>
/// Where the node's configuration file and data folder are, found by one rule for every verb
/// (<c>serve</c>, <c>config</c>, <c>jobs</c>, <c>outbox</c>): the file given with <c>--config</c>, else the
/// installed <see cref="InstalledPath"/> when it exists, else <c>appsettings.json</c> in the data folder
/// (<c>--data</c>, else <c>DICOMNODE_Node__DataDirectory</c>, else <c>./data</c>).
/// </summary>
/// <param name="Path">The configuration file, full path; it may not exist yet (the defaults apply until it does).</param>
/// <param name="Source">How it was found, for messages: "--config", "installed" or "data folder".</param>
/// <param name="DataDirectory">The data folder given on the command line, full path; null when the configuration decides.</param>
internal sealed record ConfigLocation(string Path, string Source, string? DataDirectory)
{
    /// <summary>Where the Linux installer puts the configuration (installer/linux/install.sh).</summary>
    public const string LinuxInstalledPath = "/etc/dicomnode/appsettings.json";

    /// <summary>One line for --help: the rule above.</summary>
    public const string Rule = "Configuration file: --config FILE, else the installed one (/etc/dicomnode/appsettings.json; on Windows %ProgramData%\\DicomNode\\appsettings.json) when it exists, else appsettings.json in the data folder (--data DIR, default ./data).";

    /// <summary>Where the installer of this platform puts the configuration (installer/linux/install.sh, installer/windows/install.ps1).</summary>
    public static string InstalledPath => OperatingSystem.IsWindows()
        ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData), "DicomNode", "appsettings.json")
        : LinuxInstalledPath;

    /// <summary>True when the file was named on the command line, so it must exist.</summary>
    public bool IsExplicit => Source == "--config";

    public static ConfigLocation Resolve(string? configOption, string? dataOption)
    {
        var data = string.IsNullOrWhiteSpace(dataOption) ? null : System.IO.Path.GetFullPath(dataOption);
        if (!string.IsNullOrWhiteSpace(configOption))
        {
            return new ConfigLocation(System.IO.Path.GetFullPath(configOption), "--config", data);
        }

        if (File.Exists(InstalledPath))
        {
            return new ConfigLocation(InstalledPath, "installed", data);
        }

        var folder = data
            ?? Environment.GetEnvironmentVariable(NodeConfiguration.EnvironmentPrefix + "Node__DataDirectory")
            ?? new NodeSection().DataDirectory;
        return new ConfigLocation(System.IO.Path.Combine(System.IO.Path.GetFullPath(folder), "appsettings.json"), "data folder", data);
    }

    /// <summary>The command-line data folder as a configuration override, if one was given.</summary>
    public IReadOnlyDictionary<string, string?> DataOverride() => DataDirectory is null
        ? new Dictionary<string, string?>()
        : new Dictionary<string, string?> { ["Node:DataDirectory"] = DataDirectory };
}
