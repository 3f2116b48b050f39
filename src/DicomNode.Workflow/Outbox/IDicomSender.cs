using DicomNode.Dicom.Network.Services;
using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Outbox;

/// <summary>
/// Sends stored Part 10 files to a destination with C-STORE, as they are (same SOP Instance UID), over one
/// association, and returns one result per file (matched by <see cref="CStoreResult.Source"/> = the path).
/// Throws when no association could be made (connection refused, rejected, TLS failure, timeout).
/// </summary>
public interface IDicomSender
{
    Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync(DestinationOptions, IReadOnlyList{string}, CancellationToken)"/>, reporting each file's result to
    /// <paramref name="progress"/> as its response arrives and before the next C-STORE is sent, so the caller can record it first.
    /// The default reports them all after the association ends.
    /// </summary>
    async Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, IProgress<CStoreResult> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var results = await SendAsync(destination, paths, cancellationToken).ConfigureAwait(false);
        foreach (var result in results)
        {
            progress.Report(result);
        }

        return results;
    }
}
