using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// The SEGs and the SR of phantoms of every vendor profile, loaded with their source images by the Cornerstone3D and
/// dcmjs adapters at the versions OHIF 3.13.2 pins (<c>tests/viewers/check.mjs</c>, issue 19): every segment pixel
/// must land on its source image at the same row and column, and every measurement, stage and count must be read.
/// </summary>
[Collection(PhantomReportsCollection.Name)]
public sealed class ViewerBenchTests(PhantomReports reports, ITestOutputHelper output)
{
    [Fact]
    public async Task OhifAdapters_LoadEverySegmentPixelAndEveryMeasurement_OfAllThreeProfiles()
    {
        var bench = Path.Combine(RepositoryRoot(), "tests", "viewers");
        Assert.True(
            Directory.Exists(Path.Combine(bench, "node_modules", "@cornerstonejs", "adapters")),
            $"{bench}/node_modules is missing: run `npm ci --prefix tests/viewers` (tests/run.sh does)");
        var json = Path.Combine(reports.Root, "viewer-bench.json");

        var (exitCode, text) = await RunNodeAsync(Path.Combine(bench, "check.mjs"), reports.Root, "--json", json);
        output.WriteLine(text);

        // The bench saw every object the phantoms wrote, so a pass cannot come from an empty or partial folder.
        Assert.True(File.Exists(json), "check.mjs wrote no report:\n" + text);
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var checkedFiles = report.RootElement.GetProperty("reports").EnumerateArray()
            .Select(r => Path.GetFullPath(Path.Combine(reports.Root, r.GetProperty("file").GetString()!)))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var study in reports.Cases.Values)
        {
            Assert.Contains(Path.GetFullPath(study.ReportPath), checkedFiles);
            foreach (var seg in study.SegmentationPaths)
            {
                Assert.Contains(Path.GetFullPath(seg), checkedFiles);
            }
        }

        Assert.True(exitCode == 0, $"check.mjs exit code {exitCode}:\n{text}");
    }

    private static async Task<(int ExitCode, string Output)> RunNodeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        // Three studies through the adapters take well under a minute; the limit only stops a hung script.
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomNode.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("DicomNode.sln not found above " + AppContext.BaseDirectory);
    }
}
