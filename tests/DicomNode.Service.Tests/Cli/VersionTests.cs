using DicomNode.Dicom;

namespace DicomNode.Service.Tests.Cli;

/// <summary>One version string: the build's, everywhere the product names itself.</summary>
public sealed class VersionTests
{
    [Fact]
    public void DashDashVersion_PrintsTheBuildVersion_WhichTheImplementationVersionNameCarries()
    {
        // Out of process: in-process, the version option would report the test host's entry assembly.
        var info = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dicomnode.dll"));
        info.ArgumentList.Add("--version");
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(0, process.ExitCode);
        Assert.Equal(DicomImplementation.Version, output.Trim());
        Assert.Matches(@"^\d+\.\d+\.\d+$", DicomImplementation.Version);
        Assert.Equal("DICOMNODE_" + DicomImplementation.Version.Replace('.', '_'), DicomImplementation.VersionName);
        Assert.InRange(DicomImplementation.VersionName.Length, 1, 16);
    }

    [Fact]
    public void ConformanceStatement_NamesTheBuildVersionAndItsImplementationVersionName()
    {
        var statement = File.ReadAllLines(Path.Combine(Configuration.NodeSettingsTests.RepositoryRoot(), "conformance", "DICOM_Conformance_Statement.md"));

        Assert.StartsWith($"DicomNode {DicomImplementation.Version} (Implementation Version Name `{DicomImplementation.VersionName}`)", statement[2], StringComparison.Ordinal);
        Assert.Contains(statement, line => line.StartsWith($"| Implementation Version Name | `{DicomImplementation.VersionName}`", StringComparison.Ordinal));
    }
}
