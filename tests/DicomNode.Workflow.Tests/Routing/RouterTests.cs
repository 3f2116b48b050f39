using DicomNode.Workflow.Inbox;
using DicomNode.Workflow.Jobs;
using DicomNode.Workflow.Outbox;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Studies;

namespace DicomNode.Workflow.Tests.Routing;

public sealed class RouterTests
{
    private static RoutingOptions Options()
    {
        var options = new RoutingOptions
        {
            Destinations =
            {
                new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "pacs.local", Port = 104 },
                new DestinationOptions { Name = "viewer", AeTitle = "VIEWER", Host = "10.1.1.1", Port = 11112 },
            },
            DefaultDestination = "pacs",
        };
        options.RouteByCallingAe["MR_3T"] = "viewer";
        return options;
    }

    [Fact]
    public void Route_PrefersTheCallingAesDestination_ThenTheDefault()
    {
        Assert.Equal("viewer", Router.Route(Options(), "MR_3T").Destination?.Name);
        Assert.Equal("pacs", Router.Route(Options(), "CT").Destination?.Name);
        Assert.Null(Router.Route(Options() with { DefaultDestination = null }, "CT").Destination);
    }

    [Fact]
    public void Validate_NamesTheKeyAndTheFix()
    {
        var options = Options() with { DefaultDestination = "missing" };
        options.Destinations.Add(new DestinationOptions { Name = "../x", AeTitle = "THIS_AE_TITLE_IS_TOO_LONG", Host = "", Port = 0 });

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Routing:Destinations:2:Name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Routing:Destinations:2:AeTitle", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Routing:Destinations:2:Host", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Routing:Destinations:2:Port", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Routing:DefaultDestination", StringComparison.Ordinal));
        Assert.Empty(Options().Validate());
    }

    [Fact]
    public void DefaultOptions_AreValid()
    {
        Assert.Empty(new InboxOptions().Validate());
        Assert.Empty(new StudyAssemblyOptions().Validate());
        Assert.Empty(new JobOptions().Validate());
        Assert.Empty(new OutboxOptions().Validate());
        Assert.NotEmpty(new OutboxOptions { MaxRetryDelay = TimeSpan.FromSeconds(1) }.Validate());
    }

    [Fact]
    public void Route_WithNoDestinationConfigured_SaysHowToAddOne_AndNamesNoKeyThatDoesNotExist()
    {
        var decision = Router.Route(new RoutingOptions(), "STORESCU");

        Assert.Null(decision.Destination);
        Assert.Contains("dicomnode config destinations add", decision.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("RouteByCallingAe", decision.Reason, StringComparison.Ordinal);
    }
}
