namespace DicomNode.Dicom.Network.Tests.Interop.StoreScp;

/// <summary>
/// DCMTK's storescp on a free port, accepting every transfer syntax it knows (+xa) and writing each
/// instance into a fresh folder as MODALITY.SOPInstanceUID; disposing stops it and deletes the folder.
/// </summary>
internal sealed class StorescpPeer : IDisposable
{
    public const string AeTitle = "STORESCP";

    private readonly PeerProcess _process;

    private StorescpPeer(PeerProcess process, int port, string folder)
    {
        _process = process;
        Port = port;
        Folder = folder;
    }

    public static string? Program { get; } = new[] { "/usr/bin/storescp", "/usr/local/bin/storescp" }.FirstOrDefault(File.Exists);

    public int Port { get; }

    public string Folder { get; }

    public string Output => _process.Output;

    public static async Task<StorescpPeer> StartAsync()
    {
        var folder = Directory.CreateTempSubdirectory("dicomnode-storescp-").FullName;
        var port = FreePort.Next();
        var process = PeerProcess.Start(Program!, new[] { "-aet", AeTitle, "+xa", "-od", folder, port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var peer = new StorescpPeer(process, port, folder);
        try
        {
            await ListeningPort.WaitAsync(port, process, TimeSpan.FromSeconds(10));
        }
        catch
        {
            peer.Dispose();
            throw;
        }

        return peer;
    }

    public void Dispose()
    {
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }
}
