using System.Diagnostics;

namespace DicomNode.Dicom.Network.Tests.Pdus;

/// <summary>Runs DCMTK's echoscu against a port and collects what it prints.</summary>
internal sealed class Echoscu : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private Echoscu(Process process)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public static string? Path { get; } = FindOnPath("echoscu");

    public static Echoscu Start(string callingAeTitle, string calledAeTitle, int port)
    {
        var start = new ProcessStartInfo(Path ?? throw new InvalidOperationException("echoscu is not on the PATH."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Its own timeouts (connection, ACSE, DIMSE) keep it from outliving the test.
        foreach (string argument in new[] { "-v", "-to", "10", "-ta", "10", "-td", "10", "-aet", callingAeTitle, "-aec", calledAeTitle, "127.0.0.1", port.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        // DCMTK stalls on small writes without TCP_NODELAY.
        start.Environment["TCP_NODELAY"] = "1";
        return new Echoscu(Process.Start(start) ?? throw new InvalidOperationException("echoscu did not start."));
    }

    /// <summary>Waits for echoscu to exit and returns its exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> WaitAsync(CancellationToken ct)
    {
        await _process.WaitForExitAsync(ct);
        return (_process.ExitCode, await _stdout + await _stderr);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => System.IO.Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
