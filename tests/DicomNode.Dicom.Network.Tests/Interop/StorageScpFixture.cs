using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Tests.Interop;

/// <summary>
/// Our storage SCP in-process on an OS-chosen loopback port, storing into a fresh temporary folder;
/// disposing stops it and deletes the folder. Each test makes its own: no shared state.
/// </summary>
internal sealed class StorageScpFixture : IAsyncDisposable
{
    private readonly DicomServer _server;

    private StorageScpFixture(DicomServer server, string folder, RecordingObserver observer)
    {
        _server = server;
        Folder = folder;
        Observer = observer;
    }

    public const string AeTitle = "DICOMNODE";

    public string Folder { get; }

    public int Port => _server.LocalEndPoint.Port;

    public DicomServer Server => _server;

    public RecordingObserver Observer { get; }

    public static StorageScpFixture Start(
        Func<AssociationPolicyOptions, AssociationPolicyOptions>? policy = null,
        AssociationOptions? association = null,
        DicomTlsOptions? tls = null,
        string bindAddress = "127.0.0.1")
    {
        var folder = Directory.CreateTempSubdirectory("dicomnode-scp-").FullName;
        var options = new AssociationPolicyOptions
        {
            AeTitle = AeTitle,
            AcceptAnyCaller = true,
            SupportedAbstractSyntaxes = StandardSyntaxes.StorageScp(),
        };
        options = policy?.Invoke(options) ?? options;
        var observer = new RecordingObserver();
        var server = new DicomServer(new DicomServerOptions
        {
            BindAddress = bindAddress,
            Port = 0,
            Tls = tls,
            Association = association ?? new AssociationOptions(),
            Policy = () => options,
        }, new FolderStoreHandler(folder), observer);
        server.Start();
        return new StorageScpFixture(server, folder, observer);
    }

    /// <summary>The stored instances (temporary files excluded).</summary>
    public string[] StoredFiles() => Directory.GetFiles(Folder, "*.dcm");

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }

    /// <summary>Collects the audit records of the associations the server saw.</summary>
    internal sealed class RecordingObserver : IAssociationObserver
    {
        private readonly List<AssociationRecord> _records = new();

        public IReadOnlyList<AssociationRecord> Records
        {
            get
            {
                lock (_records)
                {
                    return _records.ToList();
                }
            }
        }

        public void AssociationEnded(AssociationRecord record)
        {
            lock (_records)
            {
                _records.Add(record);
            }
        }
    }
}
