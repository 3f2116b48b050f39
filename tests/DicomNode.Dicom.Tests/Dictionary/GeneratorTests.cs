using System.Diagnostics;

namespace DicomNode.Dicom.Tests.Dictionary;

public class GeneratorTests
{
    // Needs /usr/share/libdcmtk17/dicom.dic and python3-pydicom (the generator's sources); CI installs both.
    [Fact]
    public async Task Committed_dictionary_files_are_what_the_generator_makes()
    {
        var root = FindRepositoryRoot();
        var start = new ProcessStartInfo("/usr/bin/python3")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(root, "tools", "generate-dictionary.py"));
        start.ArgumentList.Add("--check");

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var report = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, report);
        Assert.Contains("no difference", report, StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "tools", "generate-dictionary.py")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("tools/generate-dictionary.py not found above " + AppContext.BaseDirectory);
    }
}
