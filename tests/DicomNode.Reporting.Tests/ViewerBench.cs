using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace DicomNode.Reporting.Tests;

/// <summary>
/// The viewer bench, <c>tests/viewers/check.mjs</c> (issue 19), run with node on a folder of results and their source
/// images. One runner for the tests that use it: the phantoms of the Reporting tests and the real scanner files of the
/// Service tests (linked there).
/// </summary>
internal static class ViewerBench
{
    /// <summary><c>tests/viewers</c> of the checkout the tests run from.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "tests", "viewers");

    /// <summary>Whether <c>npm ci --prefix tests/viewers</c> has been run (tests/run.sh does when it has not).</summary>
    public static bool IsInstalled => Directory.Exists(Path.Combine(Folder, "node_modules", "@cornerstonejs", "adapters"));

    public static string NotInstalled => $"{Folder}/node_modules is missing: run `npm ci --prefix tests/viewers` (tests/run.sh does)";

    /// <summary>
    /// <c>node check.mjs FOLDER --json REPORT [OPTIONS]</c>: its exit code (0 when everything loads whole), what it
    /// printed, and the JSON report, or null when it wrote none.
    /// </summary>
    public static async Task<(int ExitCode, string Output, JsonDocument? Report)> RunAsync(string folder, string reportPath, params string[] options)
    {
        var (exitCode, text) = await RunNodeAsync([Path.Combine(Folder, "check.mjs"), folder, "--json", reportPath, .. options]);
        var report = File.Exists(reportPath) ? JsonDocument.Parse(await File.ReadAllTextAsync(reportPath)) : null;
        return (exitCode, text, report);
    }

    /// <summary>The files the report judged (SEG and SR), as full paths.</summary>
    public static HashSet<string> JudgedFiles(JsonDocument report, string folder) =>
        report.RootElement.GetProperty("reports").EnumerateArray()
            .Select(r => Path.GetFullPath(Path.Combine(folder, r.GetProperty("file").GetString()!)))
            .ToHashSet(StringComparer.Ordinal);

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
