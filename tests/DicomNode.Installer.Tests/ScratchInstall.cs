using System.Reflection;

namespace DicomNode.Installer.Tests;

/// <summary>
/// One publish shared by every test: install.sh into a scratch root, the site's edit of the
/// configuration, then a second install (an upgrade) with the GPU and low-port drop-ins. Each step's
/// outcome is kept for the tests to check.
/// </summary>
public sealed class ScratchInstall : IDisposable
{
    public const string SiteConfiguration = "{ \"Node\": { \"AeTitle\": \"SITE_EDITED\" } }";

    public ScratchInstall()
    {
        Repository = FindRepository();
        Root = Directory.CreateTempSubdirectory("dicomnode-root-").FullName;
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The service was built with this test assembly's configuration (see the csproj): publish it without building.
        var configuration = typeof(ScratchInstall).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        FirstInstall = ExternalCommand.Run("bash", InstallScript, "--root", Root, "--no-build", "--configuration", configuration);
        if (FirstInstall.ExitCode != 0)
        {
            return;
        }

        FirstFolderModes = new Dictionary<string, UnixFileMode>
        {
            ["etc/dicomnode"] = File.GetUnixFileMode(InRoot("etc/dicomnode")),
            ["etc/dicomnode/appsettings.json"] = File.GetUnixFileMode(InRoot("etc/dicomnode/appsettings.json")),
            ["var/lib/dicomnode"] = File.GetUnixFileMode(InRoot("var/lib/dicomnode")),
            ["var/log/dicomnode"] = File.GetUnixFileMode(InRoot("var/log/dicomnode")),
            ["etc/systemd/system/dicomnode.service"] = File.GetUnixFileMode(InRoot("etc/systemd/system/dicomnode.service")),
        };
        if (ExternalCommand.Exists("systemd-analyze"))
        {
            ProvideSystemUnits();
            FirstVerify = Verify("dicomnode.service");
        }

        File.WriteAllText(InRoot("etc/dicomnode/appsettings.json"), SiteConfiguration);
        SecondInstall = ExternalCommand.Run("bash", InstallScript, "--root", Root, "--no-build", "--configuration", configuration, "--gpu", "--low-port");
    }

    public string Repository { get; }

    /// <summary>The scratch root everything was installed under.</summary>
    public string Root { get; }

    public string LinuxInstaller => Path.Combine(Repository, "installer", "linux");

    public string InstallScript => Path.Combine(LinuxInstaller, "install.sh");

    public ExternalCommand? FirstInstall { get; }

    public ExternalCommand? SecondInstall { get; }

    /// <summary>systemd-analyze verify of the unit as the first install left it (no drop-ins).</summary>
    public ExternalCommand? FirstVerify { get; }

    public IReadOnlyDictionary<string, UnixFileMode> FirstFolderModes { get; } = new Dictionary<string, UnixFileMode>();

    public string InRoot(string relative) => Path.Combine(Root, relative);

    /// <summary>
    /// systemd-analyze verify --root resolves the unit's dependencies and ExecStart's binary inside the
    /// root: a unit that names a missing binary, an unknown key or a bad value fails or warns.
    /// </summary>
    public ExternalCommand Verify(string unitName) =>
        ExternalCommand.Run("systemd-analyze", "verify", "--root=" + Root, InRoot(Path.Combine("etc/systemd/system", unitName)));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A scratch folder left in /tmp is harmless.
        }
    }

    /// <summary>Copies this machine's system units (sysinit.target, network-online.target, …) into the root.</summary>
    private void ProvideSystemUnits()
    {
        var target = InRoot("usr/lib/systemd/system");
        Directory.CreateDirectory(target);
        var copy = ExternalCommand.Run("cp", "-a", "/lib/systemd/system/.", target);
        if (copy.ExitCode != 0)
        {
            throw new InvalidOperationException($"Could not copy the system units: {copy}");
        }
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DicomNode.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DicomNode.sln above {AppContext.BaseDirectory}.");
    }
}
