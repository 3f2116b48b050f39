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
}
