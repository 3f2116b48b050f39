namespace DicomNode.Installer.Tests;

/// <summary>
/// Issue 4, acceptance f: the systemd unit passes systemd-analyze verify, and install.sh works into a
/// scratch root on this machine. installer/linux/check-install.sh runs the same checks by hand.
/// </summary>
public sealed class LinuxInstallerTests(ScratchInstall install) : IClassFixture<ScratchInstall>
{
    private const UnixFileMode Mode0750 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private const UnixFileMode Mode0640 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;

    private const UnixFileMode Mode0644 = Mode0640 | UnixFileMode.OtherRead;

    [LinuxFact]
    public void Install_IntoScratchRoot_Succeeds()
    {
        Assert.True(install.FirstInstall?.ExitCode == 0, install.FirstInstall?.ToString());
        Assert.Contains("systemctl enable --now dicomnode", install.FirstInstall!.StandardOutput, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Unit_PassesSystemdAnalyzeVerify()
    {
        Assert.True(ExternalCommand.Exists("systemd-analyze"), "systemd-analyze is missing: apt-get install systemd");
        var verify = Assert.IsType<ExternalCommand>(install.FirstVerify);

        // Unknown keys and bad values are only warnings with exit code 0: any output is a failure.
        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, verify.ToString());
    }

    [Fact]
    public void Unit_IsTypeNotify_RunningTheNodeItself()
    {
        // The host reports READY=1 and STOPPING=1 (Microsoft.Extensions.Hosting.Systemd; shown by the Service tests'
        // SystemdNotifyTests); a unit of another type would not wait for readiness.
        var unit = File.ReadAllLines(Path.Combine(install.LinuxInstaller, "dicomnode.service"));
        Assert.Contains("Type=notify", unit);
        Assert.Contains("NotifyAccess=main", unit);
        Assert.Contains(unit, l => l.StartsWith("ExecStart=/opt/dicomnode/dicomnode serve", StringComparison.Ordinal));
    }

    [LinuxFact]
    public void Unit_WithGpuAndLowPortDropIns_PassesSystemdAnalyzeVerify()
    {
        Assert.True(install.SecondInstall?.ExitCode == 0, install.SecondInstall?.ToString());
        Assert.True(File.Exists(install.InRoot("etc/systemd/system/dicomnode.service.d/gpu.conf")));
        Assert.True(File.Exists(install.InRoot("etc/systemd/system/dicomnode.service.d/low-port.conf")));

        var verify = install.Verify("dicomnode.service");

        Assert.True(verify.ExitCode == 0 && verify.Output.Length == 0, verify.ToString());
    }

    [LinuxFact]
    public void Verify_WhenExecStartBinaryIsMissing_Fails()
    {
        Assert.NotNull(install.FirstVerify);
        var unit = File.ReadAllText(Path.Combine(install.LinuxInstaller, "dicomnode.service"))
            .Replace("ExecStart=/opt/dicomnode/dicomnode ", "ExecStart=/opt/dicomnode/not-installed ", StringComparison.Ordinal);
        File.WriteAllText(install.InRoot("etc/systemd/system/dicomnode-broken.service"), unit);

        var verify = install.Verify("dicomnode-broken.service");

        Assert.NotEqual(0, verify.ExitCode);
        Assert.Contains("not-installed", verify.Output, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void PublishedBinary_Help_ExitsZero()
    {
        var help = ExternalCommand.Run(install.InRoot("opt/dicomnode/dicomnode"), "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("serve", help.StandardOutput, StringComparison.Ordinal);
    }

    [LinuxFact]
    public void Install_CreatesFoldersAndFilesWithTheirModes()
    {
        Assert.Equal(Mode0750, install.FirstFolderModes["etc/dicomnode"]);
        Assert.Equal(Mode0640, install.FirstFolderModes["etc/dicomnode/appsettings.json"]);
        Assert.Equal(Mode0750, install.FirstFolderModes["var/lib/dicomnode"]);
        Assert.Equal(Mode0750, install.FirstFolderModes["var/log/dicomnode"]);
        Assert.Equal(Mode0644, install.FirstFolderModes["etc/systemd/system/dicomnode.service"]);
        Assert.Equal(
            File.ReadAllText(Path.Combine(install.LinuxInstaller, "dicomnode.service")),
            File.ReadAllText(install.InRoot("etc/systemd/system/dicomnode.service")));
        Assert.True(File.Exists(install.InRoot("opt/dicomnode/installer/linux/uninstall.sh")));
    }

    [LinuxFact]
    public void SecondInstall_KeepsTheSiteConfiguration_AndWritesTheNewDefaultBesideIt()
    {
        Assert.True(install.SecondInstall?.ExitCode == 0, install.SecondInstall?.ToString());

        Assert.Equal(ScratchInstall.SiteConfiguration, File.ReadAllText(install.InRoot("etc/dicomnode/appsettings.json")));
        Assert.Equal(
            File.ReadAllText(Path.Combine(install.LinuxInstaller, "appsettings.json")),
            File.ReadAllText(install.InRoot("etc/dicomnode/appsettings.json.dist")));
    }

    [LinuxFact]
    public void Uninstall_KeepsDataUnlessPurged()
    {
        Assert.True(install.FirstInstall?.ExitCode == 0, install.FirstInstall?.ToString());
        var root = Directory.CreateTempSubdirectory("dicomnode-uninstall-").FullName;
        try
        {
            var installed = ExternalCommand.Run("bash", install.InstallScript, "--root", root, "--from", install.InRoot("opt/dicomnode"));
            Assert.True(installed.ExitCode == 0, installed.ToString());
            var marker = Path.Combine(root, "var/lib/dicomnode/study.marker");
            File.WriteAllText(marker, "received data");
            var uninstall = Path.Combine(install.LinuxInstaller, "uninstall.sh");

            Assert.Equal("/opt/dicomnode/dicomnode", new FileInfo(Path.Combine(root, "usr/local/bin/dicomnode")).LinkTarget);

            var kept = ExternalCommand.Run("bash", uninstall, "--root", root);

            Assert.True(kept.ExitCode == 0, kept.ToString());
            Assert.False(File.Exists(Path.Combine(root, "usr/local/bin/dicomnode")) || new FileInfo(Path.Combine(root, "usr/local/bin/dicomnode")).LinkTarget is not null);
            Assert.False(Directory.Exists(Path.Combine(root, "opt/dicomnode")));
            Assert.False(File.Exists(Path.Combine(root, "etc/systemd/system/dicomnode.service")));
            Assert.True(File.Exists(marker));
            Assert.True(File.Exists(Path.Combine(root, "etc/dicomnode/appsettings.json")));

            var purged = ExternalCommand.Run("bash", uninstall, "--root", root, "--purge", "--yes");

            Assert.True(purged.ExitCode == 0, purged.ToString());
            Assert.False(Directory.Exists(Path.Combine(root, "var/lib/dicomnode")));
            Assert.False(Directory.Exists(Path.Combine(root, "etc/dicomnode")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void DefaultConfiguration_IsValidJsonWithTheServiceSections()
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(install.LinuxInstaller, "appsettings.json")));
        var root = document.RootElement;

        foreach (var section in new[] { "Node", "AcceptedCallers", "Destinations", "Routing", "Inbox", "StudyAssembly", "Outbox", "Http", "Log" })
        {
            Assert.True(root.TryGetProperty(section, out _), $"appsettings.json has no {section} section");
        }

        Assert.Equal("/var/lib/dicomnode", root.GetProperty("Node").GetProperty("DataDirectory").GetString());
    }
}
