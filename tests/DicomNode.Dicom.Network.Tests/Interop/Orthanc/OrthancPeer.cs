using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace DicomNode.Dicom.Network.Tests.Interop.Orthanc;

/// <summary>
/// Orthanc as a child process with a generated configuration: its own storage and index in a fresh
/// folder, DICOM and HTTP on free ports, no plug-ins, no authentication, REST on loopback only.
/// Disposing stops it and deletes the folder.
/// </summary>
internal sealed class OrthancPeer : IDisposable
{
    public const string AeTitle = "ORTHANC";

    private readonly PeerProcess _process;

    private OrthancPeer(PeerProcess process, string folder, int dicomPort, int httpPort)
    {
        _process = process;
        Folder = folder;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static string? Program { get; } = new[] { "/usr/sbin/Orthanc", "/usr/bin/Orthanc", "/usr/local/bin/Orthanc" }.FirstOrDefault(File.Exists);

    public string Folder { get; }

    public int DicomPort { get; }

    /// <summary>A client for Orthanc's REST API.</summary>
    public HttpClient Http { get; }

    public string Output => _process.Output;

    /// <summary>Starts Orthanc and waits until both its REST API answers and its DICOM port listens.</summary>
    /// <param name="knownScu">An AE title to declare in DicomModalities, as a site would declare a modality.</param>
    public static async Task<OrthancPeer> StartAsync(string knownScu)
    {
        var folder = Directory.CreateTempSubdirectory("dicomnode-orthanc-").FullName;
        var dicomPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var configuration = new Dictionary<string, object>
        {
            ["Name"] = "DicomNode interop test",
            ["StorageDirectory"] = Path.Combine(folder, "storage"),
            ["IndexDirectory"] = Path.Combine(folder, "index"),
            ["StorageCompression"] = false,
            ["Plugins"] = Array.Empty<string>(),
            ["LuaScripts"] = Array.Empty<string>(),
            ["HttpServerEnabled"] = true,
            ["HttpPort"] = httpPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["WebDavEnabled"] = false,
            ["DicomServerEnabled"] = true,
            ["DicomAet"] = AeTitle,
            ["DicomPort"] = dicomPort,
            ["DicomCheckCalledAet"] = false,
            ["DicomCheckModalityHost"] = false,
            ["UnknownSopClassAccepted"] = true,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomModalities"] = new Dictionary<string, object[]> { ["scu"] = new object[] { knownScu, "127.0.0.1", 104 } },
            ["OverwriteInstances"] = false,
            ["SaveJobs"] = false,
        };
        var configurationPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configurationPath, JsonSerializer.Serialize(configuration));

        var process = PeerProcess.Start(Program!, new[] { configurationPath }, folder);
        var peer = new OrthancPeer(process, folder, dicomPort, httpPort);
        try
        {
            await peer.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(30));
            await ListeningPort.WaitAsync(dicomPort, process, TimeSpan.FromSeconds(10));
        }
        catch
        {
            peer.Dispose();
            throw;
        }

        return peer;
    }

    /// <summary>The Orthanc identifiers of every stored instance.</summary>
    public async Task<string[]> InstancesAsync() =>
        await Http.GetFromJsonAsync<string[]>("instances") ?? Array.Empty<string>();

    /// <summary>The stored DICOM file of one instance, as Orthanc serves it.</summary>
    public Task<byte[]> FileAsync(string instance) => Http.GetByteArrayAsync($"instances/{instance}/file");

    public void Dispose()
    {
        Http.Dispose();
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Orthanc's REST API did not answer within {timeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s. Output:\n{Output}");
            }

            try
            {
                using var response = await Http.GetAsync("system");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }
    }
}
