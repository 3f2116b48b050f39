using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DicomNode.Workflow.Tests.Interop;

/// <summary>
/// DCMTK's storescp as a destination that can be stopped and started again on the same port, writing
/// each instance as MODALITY.SOPInstanceUID into one folder. Disposing kills it and deletes the folder.
/// </summary>
internal sealed class Storescp : IDisposable
{
    public const string AeTitle = "STORESCP";

    private Process? _process;

    public Storescp()
    {
        Folder = Directory.CreateTempSubdirectory("dicomnode-storescp-").FullName;
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public static string? Program { get; } = new[] { "/usr/bin/storescp", "/usr/local/bin/storescp" }.FirstOrDefault(File.Exists);

    public int Port { get; }

    public string Folder { get; }

    /// <summary>SOP Instance UIDs of the files storescp wrote.</summary>
    public IReadOnlyList<string> Received => Directory.GetFiles(Folder).Select(f => Path.GetFileName(f)).Select(n => n[(n.IndexOf('.', StringComparison.Ordinal) + 1)..]).ToList();

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Program!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-aet", AeTitle, "+xa", "-od", Folder, Port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        // DCMTK leaves Nagle on unless told; every message would stall ~40 ms.
        info.Environment["TCP_NODELAY"] = "1";
        _process = Process.Start(info)!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!IsListening())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"storescp did not listen on port {Port}.");
            }

            await Task.Delay(20);
        }
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Read from the kernel's socket table: a probe connection would itself be an association attempt.</summary>
    private bool IsListening() =>
        new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists).SelectMany(table => File.ReadLines(table).Skip(1)).Any(line =>
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 3 && fields[3] == "0A"
                && int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == Port;
        });
}
