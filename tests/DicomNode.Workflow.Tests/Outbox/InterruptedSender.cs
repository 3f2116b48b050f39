using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Tests.Outbox;

/// <summary>
/// A destination whose association stops after it has accepted <c>acceptBeforeStall</c> C-STOREs: the next one is
/// received (the PACS has it) but its response never comes, as when the node is killed at that moment.
/// </summary>
internal sealed class InterruptedSender(int acceptBeforeStall) : IDicomSender
{
    private readonly List<string> _received = new();
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>SOP Instance UIDs the destination received, in order, the stalled one last.</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (_received)
            {
                return _received.ToList();
            }
        }
    }

    public Task Stalled => _stalled.Task;

    public Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the outbox reports each result as it arrives");

    public async Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, IProgress<CStoreResult> progress, CancellationToken cancellationToken)
    {
        var results = new List<CStoreResult>();
        foreach (var path in paths)
        {
            var sop = Part10Reader.ReadFile(path).Dataset.GetUid(DicomTags.SOPInstanceUID)!;
            lock (_received)
            {
                _received.Add(sop);
            }

            if (results.Count == acceptBeforeStall)
            {
                _stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var result = new CStoreResult(path, sop, DimseStatus.Success, null);
            results.Add(result);
            progress.Report(result);
        }

        return results;
    }
}
