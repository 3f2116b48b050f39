using System.Diagnostics;

namespace DicomNode.Service.Tests.Cli;

/// <summary>`dicomnode serve` as a real child process; disposing kills it. Waits are bounded.</summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Starts `dicomnode serve` with <paramref name="arguments"/> and waits for its "listening on" line.</summary>
    public static async Task<NodeProcess> StartAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dicomnode.dll"));
        info.ArgumentList.Add("serve");
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var node = new NodeProcess(Process.Start(info)!);
        string? line;
        do
        {
            line = await node._process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        while (line is not null && !line.Contains("listening on", StringComparison.Ordinal));

        if (line is null)
        {
            var error = await node._process.StandardError.ReadToEndAsync();
            await node.DisposeAsync();
            throw new InvalidOperationException($"dicomnode serve ended before listening: {error}");
        }

        // Keep draining its output so it never blocks on a full pipe.
        _ = node._process.StandardOutput.ReadToEndAsync();
        _ = node._process.StandardError.ReadToEndAsync();
        return node;
    }

    public static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        socket.Start();
        return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a power cut of the process.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
