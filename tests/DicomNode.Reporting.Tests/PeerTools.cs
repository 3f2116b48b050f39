using System.Diagnostics;
using DicomNode.Phantom.Tests;

namespace DicomNode.Reporting.Tests;

/// <summary>The real peers the tests judge the output with: dicom3tools, DCMTK and Debian's Python with pydicom.</summary>
internal static class PeerTools
{
    /// <summary>Debian's Python, which has pydicom and numpy (the python3 first on PATH is another build).</summary>
    public const string Python = "/usr/bin/python3";

    public static async Task<Verdict> DciodvfyAsync(string path)
    {
        var result = await ExternalTool.RunAsync("dciodvfy", path);
        var lines = result.Output.Split('\n').Select(l => l.Trim()).ToList();
        return new Verdict(
            lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList(),
            lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList(),
            result.Output);
    }

    /// <summary>
    /// PixelMed's SR validator (Debian pixelmed-apps): the IOD and the TID 1500 template tree. Its compiled template
    /// stylesheet has more XPath operators than the JDK's secure-processing default allows, hence the three limits lifted.
    /// </summary>
    public static async Task<Verdict> PixelMedSrAsync(string path)
    {
        string[] jars = ["/usr/share/java/pixelmed.jar", "/usr/share/java/commons-codec.jar", "/usr/share/java/commons-compress.jar"];
        // Compiling PixelMed's template stylesheet takes minutes on a busy machine: a limit of its own, not ExternalTool's two.
        var result = await RunAsync(
            TimeSpan.FromMinutes(10),
            "java",
            "-Djdk.xml.xpathExprOpLimit=0",
            "-Djdk.xml.xpathExprGrpLimit=0",
            "-Djdk.xml.xpathTotalOpLimit=0",
            "-cp",
            string.Join(':', jars),
            "com.pixelmed.validate.DicomSRValidator",
            path);
        var lines = result.Output.Split('\n').Select(l => l.Trim()).ToList();
        if (!lines.Contains("Root Template Validation Complete"))
        {
            throw new InvalidOperationException("The PixelMed validator did not run to its end:\n" + result.Output);
        }

        return new Verdict(
            lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList(),
            lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList(),
            result.Output);
    }

    private static async Task<ToolResult> RunAsync(TimeSpan limit, string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return new ToolResult(process.ExitCode, await stdout + "\n" + await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish within {limit}.");
        }
    }

    public static Task<ToolResult> RunAsync(string program, params string[] arguments) => ExternalTool.RunAsync(program, arguments);

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);
}
