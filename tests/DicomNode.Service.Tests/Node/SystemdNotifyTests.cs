using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using DicomNode.Dicom;

namespace DicomNode.Service.Tests.Node;

/// <summary>
/// The node as systemd runs a Type=notify unit: `dicomnode serve` as the main process of its own PID namespace (as
/// PID 1, the host's systemd integration takes NOTIFY_SOCKET as a service manager's, the way it does under
/// systemd), with a datagram socket of ours standing in for systemd's. It must say READY=1 only once the DICOM port
/// accepts connections, STOPPING=1 on SIGTERM, log with journald priorities, and log its start and its stop.
/// </summary>
public sealed class SystemdNotifyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-notify-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task UnderANotifySocket_TheNodeSaysReadyWithItsPortOpen_AndStoppingOnSigterm_LoggingWithJournaldPriorities()
    {
        Assert.True(Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root",
            "this test makes a PID namespace (unshare --pid), which needs root, as the test command (tests/run.sh) has in CI");
        var socketPath = Path.Combine(_folder, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        var port = Cli.NodeProcess.FreePort();

        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "--pid", "--fork", "--mount-proc", "env", "NOTIFY_SOCKET=" + socketPath,
            "dotnet", Path.Combine(AppContext.BaseDirectory, "dicomnode.dll"), "serve",
            "--aet", "NODE", "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--data", Path.Combine(_folder, "data"), "--http-port", "0",
        })
        {
            info.ArgumentList.Add(argument);
        }

        using var unshare = Process.Start(info)!;
        var output = unshare.StandardOutput.ReadToEndAsync();
        var error = unshare.StandardError.ReadToEndAsync();
        try
        {
            var ready = await ReceiveAsync(notify, unshare, error);
            Assert.Equal("READY=1", ready);
            using (var client = new TcpClient())
            {
                // Ready means ready: the listener is open when systemd is told so.
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(10));
            }

            // SIGTERM to the node (the namespace's PID 1, a child of unshare), as systemctl stop sends it.
            var node = File.ReadAllText($"/proc/{unshare.Id}/task/{unshare.Id}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Single();
            using (var kill = Process.Start("kill", ["-TERM", node])!)
            {
                await kill.WaitForExitAsync();
            }

            Assert.Equal("STOPPING=1", await ReceiveAsync(notify, unshare, error));
            await unshare.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(unshare.ExitCode == 0, $"exit {unshare.ExitCode}: {await error}");

            var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Contains(lines, l => l.StartsWith($"<6>DicomNode {DicomImplementation.Version} starting", StringComparison.Ordinal));
            Assert.Contains(lines, l => l.StartsWith("<6>NODE listening on 127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            // No caller is configured: a warning, at the journal's warning priority.
            Assert.Contains(lines, l => l.StartsWith("<4>No accepted caller is configured", StringComparison.Ordinal));
            Assert.StartsWith($"<6>DicomNode {DicomImplementation.Version} stopped", lines[^1], StringComparison.Ordinal);
        }
        finally
        {
            if (!unshare.HasExited)
            {
                unshare.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<string> ReceiveAsync(Socket notify, Process node, Task<string> error)
    {
        var buffer = new byte[4096];
        var receive = notify.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask();
        var finished = await Task.WhenAny(receive, node.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (finished != receive)
        {
            Assert.Fail(node.HasExited ? $"the node exited ({node.ExitCode}) before notifying: {await error}" : "no notification within 60 s");
        }

        return Encoding.ASCII.GetString(buffer, 0, await receive).Trim();
    }
}
