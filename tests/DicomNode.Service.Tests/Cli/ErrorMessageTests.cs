using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DicomNode.Service.Tests.Cli;

/// <summary>Issue 20, point 5: an error says what, where (host:port, key) and the fix, on one line, with the documented exit code.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ErrorMessageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-errors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Echo_ToAPortWhereNothingListens_NamesHostAndPortAndExitsOne()
    {
        var port = NodeProcess.FreePort().ToString(CultureInfo.InvariantCulture);

        var (code, _, error) = CliRunner.Run("echo", "127.0.0.1", port);

        Assert.Equal(1, code);
        Assert.Contains($"no connection to 127.0.0.1:{port}", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void SegOverlay_OfAFileThatIsNoSeg_SaysSoAndExitsTwo()
    {
        var file = Path.Combine(_folder, "notes.txt");
        File.WriteAllText(file, "not DICOM");

        var (code, _, error) = CliRunner.Run("seg-overlay", file, "--source", _folder, "--out", Path.Combine(_folder, "overlay.png"));

        Assert.Equal(2, code);
        Assert.Contains($"{file} is not a readable DICOM file", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "overlay.png")));
    }

    [Fact]
    public void Serve_OnAPortInUse_NamesTheKeyAndPortAndExitsTwo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
        var data = Path.Combine(_folder, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "appsettings.json"), """{ "AcceptAnyCaller": true }""");

        var (code, _, error) = CliRunner.Run("serve", "--data", data, "--port", port, "--bind", "127.0.0.1", "--http-port", "0");

        Assert.Equal(2, code);
        Assert.Contains($"Node:Port {port} on 127.0.0.1 is already in use", error, StringComparison.Ordinal);
    }
}
