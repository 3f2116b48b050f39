using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Outbox;

/// <summary>A destination that is down (no association) for its first <c>failures</c> batches, then stores everything.</summary>
internal sealed class FakeSender(FakeTimeProvider time, int failures) : IDicomSender
{
    private readonly List<(DateTimeOffset At, string SopInstanceUid, bool Delivered)> _attempts = new();
    private int _batches;

    public bool Down { get; set; }

    public IReadOnlyList<(DateTimeOffset At, string SopInstanceUid, bool Delivered)> Attempts
    {
        get
        {
            lock (_attempts)
            {
                return _attempts.ToList();
            }
        }
    }

    public Task<IReadOnlyList<CStoreResult>> SendAsync(DestinationOptions destination, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var down = Down || Interlocked.Increment(ref _batches) <= failures;
        var results = new List<CStoreResult>();
        foreach (var path in paths)
        {
            // What a PACS would see: the UID in the stored file.
            var sop = Part10Reader.ReadFile(path).Dataset.GetUid(DicomTags.SOPInstanceUID)!;
            lock (_attempts)
            {
                _attempts.Add((time.GetUtcNow(), sop, !down));
            }

            results.Add(new CStoreResult(path, sop, DimseStatus.Success, null));
        }

        return down
            ? Task.FromException<IReadOnlyList<CStoreResult>>(new IOException($"Connection refused by {destination.Host}:{destination.Port}"))
            : Task.FromResult<IReadOnlyList<CStoreResult>>(results);
    }
}
