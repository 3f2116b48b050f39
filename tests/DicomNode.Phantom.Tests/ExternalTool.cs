using System.Diagnostics;
using System.Text;

namespace DicomNode.Phantom.Tests;

internal sealed record ToolResult(int ExitCode, string Output);

/// <summary>Runs dciodvfy, dcm2niix and Debian's Python with a time limit; stdout and stderr together.</summary>
internal static class ExternalTool
{
    public static async Task<ToolResult> RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.Latin1,
            StandardErrorEncoding = Encoding.Latin1,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return new ToolResult(process.ExitCode, await stdout + "\n" + await stderr);
    }
}
