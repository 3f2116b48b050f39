using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Inbox;

/// <summary>Issue 23: the folder fsync and the index transaction shared by the instances arriving while a group commits.</summary>
public sealed class InboxGroupCommitTests : IDisposable
{
    private readonly TestNode _node = new();

    public void Dispose() => _node.Dispose();

    [Fact]
    public async Task Commit_InstancesArrivingDuringACommit_ShareTheNextGroup_AndNoneCompletesBeforeItsGroupIsDurable()
    {
        using var firstFlushEntered = new ManualResetEventSlim();
        using var releaseFirstFlush = new ManualResetEventSlim();
        var flushes = new List<string>();
        var flushCount = 0;
        var commit = new InboxGroupCommit(_node.Index, directory =>
        {
            lock (flushes)
            {
                flushes.Add(directory);
            }

            if (Interlocked.Increment(ref flushCount) == 1)
            {
                firstFlushEntered.Set();
                releaseFirstFlush.Wait(TimeSpan.FromSeconds(30));
            }
        });
        var study = TestInstances.NewUid();
        var (seriesA, seriesB) = (TestInstances.NewUid(), TestInstances.NewUid());

        // The first caller leads and blocks in its folder flush; the others arrive meanwhile, as other associations would.
        var first = Task.Run(() => commit.CommitAsync(Instance(study, seriesA), null, "/inbox/a"));
        Assert.True(firstFlushEntered.Wait(TimeSpan.FromSeconds(30)));
        var others = Enumerable.Range(0, 10)
            .Select(i => commit.CommitAsync(Instance(study, i % 2 == 0 ? seriesA : seriesB), null, i % 2 == 0 ? "/inbox/a" : "/inbox/b"))
            .ToList();

        Assert.All(others, t => Assert.False(t.IsCompleted));
        Assert.Equal(0, _node.Index.Count());

        releaseFirstFlush.Set();
        var admissions = await Task.WhenAll(others.Prepend(first));

        Assert.All(admissions, a => Assert.NotNull(a.Stored));
        Assert.Equal(11, _node.Index.Count());
        Assert.Equal(2, commit.Groups);
        Assert.Equal(11, commit.Instances);

        // One flush for the first group, then one per distinct folder of the second: three in all, not eleven.
        Assert.Equal(["/inbox/a", "/inbox/a", "/inbox/b"], flushes);
    }

    [Fact]
    public async Task Commit_WhenTheFolderFlushFails_FaultsTheGroup_AndIndexesNothing()
    {
        var commit = new InboxGroupCommit(_node.Index, _ => throw new IOException("flush failed"));

        await Assert.ThrowsAsync<IOException>(() => commit.CommitAsync(Instance(TestInstances.NewUid(), TestInstances.NewUid()), null, "/inbox/a"));

        Assert.Equal(0, _node.Index.Count());
    }

    [Fact]
    public async Task Commit_ADuplicateOrAConflictInAGroup_LeavesTheOthersIndexed()
    {
        var commit = new InboxGroupCommit(_node.Index, _ => { });
        var (study, series) = (TestInstances.NewUid(), TestInstances.NewUid());
        var existing = Instance(study, series);
        Assert.NotNull((await commit.CommitAsync(existing, "PATIENT-1", "/inbox/a")).Stored);

        var duplicate = await commit.CommitAsync(existing, "PATIENT-1", "/inbox/a");
        var otherPatient = await commit.CommitAsync(Instance(study, series), "PATIENT-2", "/inbox/a");
        var fine = await commit.CommitAsync(Instance(study, series), "PATIENT-1", "/inbox/a");

        Assert.Null(duplicate.Stored);
        Assert.Null(duplicate.Refusal);
        Assert.Null(otherPatient.Stored);
        Assert.Contains("Patient ID", otherPatient.Refusal, StringComparison.Ordinal);
        Assert.NotNull(fine.Stored);
        Assert.Equal(2, _node.Index.Count());
    }

    private StoredInstance Instance(string study, string series)
    {
        var sop = TestInstances.NewUid();
        return new StoredInstance(0, study, series, sop, "1.2.840.10008.5.1.4.1.1.4", "MR",
            _node.Layout.InstancePath(study, series, sop), "MODALITY", _node.Time.GetUtcNow(), 1234);
    }
}
