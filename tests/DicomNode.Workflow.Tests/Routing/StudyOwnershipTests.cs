using DicomNode.Dicom;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Routing;

/// <summary>Issue 22, point 5: a study's results go only to the destination of the caller that sent it.</summary>
public abstract class StudyOwnershipTests : IDisposable
{
    private readonly TestNode _node;

    protected StudyOwnershipTests(StoreEngine engine) => _node = new TestNode(engine: engine);

    public void Dispose() => _node.Dispose();

    private static RoutingOptions Routing => new()
    {
        Destinations =
        [
            new DestinationOptions { Name = "pacs-a", AeTitle = "PACS_A", Host = "127.0.0.1", Port = 1104 },
            new DestinationOptions { Name = "pacs-b", AeTitle = "PACS_B", Host = "127.0.0.1", Port = 2104 },
        ],
        RouteByCallingAe = new(StringComparer.Ordinal) { ["SCANNER_A"] = "pacs-a", ["SCANNER_B"] = "pacs-b" },
    };

    [StoreFact]
    public async Task Issue22_SecondCallersInstanceOfAKnownStudy_IsRefused_AndTheResultsStillGoToTheFirstCallersDestination()
    {
        var inbox = _node.Inbox();
        var (study, series) = (TestInstances.NewUid(), TestInstances.NewUid());
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, TestInstances.NewUid()), "P-1"), "SCANNER_A"));
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, TestInstances.NewUid()), "P-1"), "SCANNER_A"));

        var intruder = TestInstances.NewUid();
        var status = await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, TestInstances.NewUid(), intruder), "P-2"), "SCANNER_B");

        Assert.True(status.IsFailure);
        Assert.Equal(0xC001, status.Code);
        Assert.Null(_node.Index.Find(intruder));
        Assert.Equal(2, _node.Index.InstancesOfStudy(study).Count);
        Assert.DoesNotContain(Directory.GetFiles(_node.Layout.Inbox, "*", SearchOption.AllDirectories), f => f.Contains(intruder, StringComparison.Ordinal));
        var job = Assert.IsType<Workflow.Jobs.JobRecord>(_node.Jobs.CreateForStudy(study, _node.Time.GetUtcNow()));
        Assert.Equal("SCANNER_A", job.CallingAeTitle);
        Assert.Equal("pacs-a", Router.Route(Routing, job.CallingAeTitle).Destination?.Name);
    }

    [StoreFact]
    public async Task Issue22_SecondCallersInstanceOfAKnownStudy_WithTheSamePatient_IsRefusedToo()
    {
        var inbox = _node.Inbox();
        var (study, series) = (TestInstances.NewUid(), TestInstances.NewUid());
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, TestInstances.NewUid()), "P-1"), "SCANNER_A"));

        var status = await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, TestInstances.NewUid()), "P-1"), "SCANNER_B");

        Assert.True(status.IsFailure);
        Assert.Single(_node.Index.InstancesOfStudy(study));
    }

    [StoreFact]
    public async Task Store_PatientIdMismatchInsideOneStudyFromTheSameCaller_IsRefused_AndNotIndexed()
    {
        var inbox = _node.Inbox();
        var (study, series) = (TestInstances.NewUid(), TestInstances.NewUid());
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, TestInstances.NewUid()), "P-1"), "SCANNER_A"));

        var other = TestInstances.NewUid();
        var status = await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, other), "P-2"), "SCANNER_A");

        Assert.Equal(0xC001, status.Code);
        Assert.Null(_node.Index.Find(other));
        Assert.Single(_node.Index.InstancesOfStudy(study));
        Assert.Equal(1, inbox.RefusedCount);
        Assert.Empty(Directory.GetFiles(_node.Layout.Temporary));
    }

    [StoreFact]
    public async Task Store_InstanceNamingAnotherStudysSeries_IsRefused()
    {
        var inbox = _node.Inbox();
        var series = TestInstances.NewUid();
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, TestInstances.Dataset(TestInstances.NewUid(), series, TestInstances.NewUid()), "SCANNER_A"));

        var status = await TestInstances.StoreAsync(inbox, TestInstances.Dataset(TestInstances.NewUid(), series, TestInstances.NewUid()), "SCANNER_A");

        Assert.Equal(0xC001, status.Code);
        Assert.Single(_node.Index.InstancesOfSeries(series));
    }

    [StoreFact]
    public async Task Store_SameCallerAndPatient_AddsToTheStudy()
    {
        var inbox = _node.Inbox();
        var (study, series) = (TestInstances.NewUid(), TestInstances.NewUid());

        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, series, TestInstances.NewUid()), "P-1"), "SCANNER_A"));
        Assert.Equal(DimseStatus.Success, await TestInstances.StoreAsync(inbox, WithPatient(TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()), "P-1"), "SCANNER_A"));

        Assert.Equal(2, _node.Index.InstancesOfStudy(study).Count);
    }

    private static DicomDataset WithPatient(DicomDataset dataset, string patientId) => dataset.SetString(DicomTags.PatientID, patientId);
}

public sealed class StudyOwnershipTestsOnSqlite() : StudyOwnershipTests(StoreEngine.Sqlite);

public sealed class StudyOwnershipTestsOnPostgreSql() : StudyOwnershipTests(StoreEngine.PostgreSql);
