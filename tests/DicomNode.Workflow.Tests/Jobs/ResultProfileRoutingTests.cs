using DicomNode.Dicom.Dictionary;
using DicomNode.Dicom.IO;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Workflow.Tests.Jobs;

/// <summary>Issue 19, point 5: each destination is sent only the results of its output profile.</summary>
public sealed class ResultProfileRoutingTests : IDisposable
{
    private readonly TestNode _node = new();
    private readonly CancellationTokenSource _stop = new();
    private RoutingOptions _routing = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _node.Dispose();
    }

    [Fact]
    public async Task DestinationWithSrOnly_IsSentOnlyTheSr_AndTheJobAsksOnlyForIt()
    {
        Route(new DestinationOptions { Name = "viewer", AeTitle = "VIEWER", Host = "127.0.0.1", Outputs = ["Sr"] });
        var pipeline = new AllKindsPipeline();

        var (classes, asked) = await RunJobAsync(pipeline);

        Assert.Equal([DicomUids.EnhancedSRStorage], classes);
        Assert.Equal(ResultOutputs.Sr, asked);
    }

    [Fact]
    public async Task DestinationWithTheDefaultProfile_IsSentSegSrAndKeyImages_NotThePdf()
    {
        Route(new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "127.0.0.1" });

        var (classes, asked) = await RunJobAsync(new AllKindsPipeline());

        Assert.Equal(
            new[] { DicomUids.SegmentationStorage, DicomUids.SecondaryCaptureImageStorage, DicomUids.SecondaryCaptureImageStorage, DicomUids.EnhancedSRStorage }.Order(),
            classes.Order());
        Assert.Equal(ResultOutputs.Default, asked);
    }

    [Fact]
    public async Task TwoDestinations_TheJobWritesForBoth_AndSendsTheRoutedOneItsOwn()
    {
        _routing = new RoutingOptions
        {
            Destinations =
            {
                new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "127.0.0.1" },
                new DestinationOptions { Name = "archive", AeTitle = "ARCHIVE", Host = "127.0.0.1", Outputs = ["Pdf"] },
            },
        };
        _routing.RouteByCallingAe["MODALITY"] = "archive";

        var (classes, asked) = await RunJobAsync(new AllKindsPipeline());

        Assert.Equal([DicomUids.EncapsulatedPDFStorage], classes);
        Assert.Equal(ResultOutputs.Default | ResultOutputs.Pdf, asked);
        Assert.All(_node.OutboxStore.List(), i => Assert.Equal("archive", i.Destination));
    }

    [Fact]
    public async Task AReportThatTheAnalysisDidNotRun_GoesToADestinationWhateverItsProfile()
    {
        Route(new DestinationOptions { Name = "archive", AeTitle = "ARCHIVE", Host = "127.0.0.1", Outputs = ["Pdf"] });

        var (classes, _) = await RunJobAsync(new AllKindsPipeline(failure: "no usable sequence"), JobState.Failed);

        Assert.Contains(DicomUids.EnhancedSRStorage, classes);
    }

    private void Route(DestinationOptions destination)
    {
        _routing = new RoutingOptions { Destinations = { destination } };
        _routing.RouteByCallingAe["MODALITY"] = destination.Name;
    }

    private async Task<(List<string> Classes, ResultOutputs Asked)> RunJobAsync(AllKindsPipeline pipeline, JobState end = JobState.Succeeded)
    {
        var study = TestInstances.NewUid();
        await TestInstances.StoreAsync(_node.Inbox(), TestInstances.Dataset(study, TestInstances.NewUid(), TestInstances.NewUid()));
        var id = _node.Jobs.CreateForStudy(study, _node.Time.GetUtcNow())!.Id;
        var runner = new JobRunner(_node.Jobs, _node.Index, _node.Layout, pipeline, _node.Outbox, _node.OutboxStore, () => _routing,
            () => new JobOptions { MaxConcurrency = 1 }, _node.Time);
        var run = runner.RunAsync(_stop.Token);
        await Eventually.TrueAsync(() => _node.Jobs.Get(id)!.Job.State == end, $"the job ends {end}");
        _stop.Cancel();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
        var classes = _node.OutboxStore.List().Select(i => Part10Reader.ReadFile(i.Path).Dataset.GetUid(Dicom.DicomTags.SOPClassUID)!).ToList();
        return (classes, pipeline.Asked);
    }

    /// <summary>Writes one object of every result kind (two key images), whatever it is asked for, and remembers what it was asked for.</summary>
    private sealed class AllKindsPipeline(string? failure = null) : IAnalysisPipeline
    {
        public ResultOutputs Asked { get; private set; }

        public Task<AnalysisOutcome> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken)
        {
            Asked = request.Outputs;
            var series = TestInstances.NewUid();
            var files = new List<string>();
            foreach (var (name, sopClass, modality) in new[]
            {
                ("seg.dcm", DicomUids.SegmentationStorage, "SEG"),
                ("key-1.dcm", DicomUids.SecondaryCaptureImageStorage, "OT"),
                ("key-2.dcm", DicomUids.SecondaryCaptureImageStorage, "OT"),
                ("pdf.dcm", DicomUids.EncapsulatedPDFStorage, "DOC"),
                ("sr.dcm", DicomUids.EnhancedSRStorage, "SR"),
            })
            {
                var path = Path.Combine(request.OutputFolder, name);
                TestInstances.WriteFile(path, TestInstances.Dataset(request.StudyInstanceUid, series, TestInstances.NewUid(), modality, sopClass));
                files.Add(path);
            }

            return Task.FromResult(failure is null
                ? new AnalysisOutcome(files, "all kinds")
                : new AnalysisOutcome(files.Where(f => f.EndsWith("sr.dcm", StringComparison.Ordinal)).ToList(), "not analysed", failure));
        }
    }
}
