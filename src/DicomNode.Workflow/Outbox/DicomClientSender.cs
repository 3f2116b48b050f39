using DicomNode.Dicom.Network.Services;
using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Outbox;

/// <summary>The real <see cref="IDicomSender"/>: one <see cref="DicomClient"/> association per batch.</summary>
/// <param name="callingAeTitle">Our AE title, read at each batch so a reloaded configuration applies.</param>
public sealed class DicomClientSender(Func<string> callingAeTitle, TimeSpan? connectTimeout = null) : IDicomSender
{
    public Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        Client(destination).StoreFilesAsync(paths, progress: null, cancellationToken);

    /// <summary>Each result reaches <paramref name="progress"/> on the sending loop, before the next C-STORE request goes out.</summary>
    public Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, IProgress<CStoreResult> progress, CancellationToken cancellationToken) =>
        Client(destination).StoreFilesAsync(paths, progress, cancellationToken);

    private DicomClient Client(DestinationOptions destination) => new(new DicomClientOptions
    {
        Host = destination.Host,
        Port = destination.Port,
        CalledAeTitle = destination.AeTitle,
        CallingAeTitle = callingAeTitle(),
        Tls = destination.Tls,
        ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(15),
    });
}
