using System.Diagnostics;
using System.Text;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>The result of running an external program: exit code and both output streams.</summary>
internal sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs DCMTK and dicom3tools programs with a time limit.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="program"/>. Output is read as Latin-1, so every byte of a value printed
    /// raw arrives as one char of the same code.
    /// </summary>
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
        using var timeout = new CancellationTokenSource(Limit);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return new ToolResult(process.ExitCode, await stdout, await stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} ran longer than {Limit.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// A complete, unambiguous dump for <see cref="DcmdumpParser"/>: no warnings on stdout, long values
    /// whole, control and non-ASCII bytes quoted, UIDs as numbers.
    /// </summary>
    public static Task<ToolResult> DcmdumpAsync(string path, params string[] extra) =>
        RunAsync("dcmdump", ["+L", "+Qn", "-Un", .. extra, path]);

    /// <summary>The distinct "Error - ..." lines of dicom3tools' IOD checker.</summary>
    public static async Task<SortedSet<string>> DciodvfyErrorsAsync(string path)
    {
        var result = await RunAsync("dciodvfy", path);
        var errors = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var line in (result.StandardOutput + "\n" + result.StandardError).Split('\n'))
        {
            var text = line.TrimEnd('\r');
            if (text.StartsWith("Error", StringComparison.Ordinal))
            {
                errors.Add(text.Replace(path, "<file>", StringComparison.Ordinal));
            }
        }

        return errors;
    }
}
