using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Tests.Routing;

public sealed class ResultProfileTests
{
    [Fact]
    public void Destination_WithoutOutputs_GetsSegSrAndKeyImages()
    {
        var destination = new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "h" };
        Assert.Equal(ResultOutputs.Seg | ResultOutputs.Sr | ResultOutputs.KeyImages, destination.Profile);
        Assert.Equal(ResultOutputs.Default, (destination with { Outputs = [] }).Profile);
    }

    [Fact]
    public void Outputs_AreNamedInAnyCase()
    {
        var destination = new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "h", Outputs = ["sr", "PDF", " KeyImages "] };
        Assert.Equal(ResultOutputs.Sr | ResultOutputs.Pdf | ResultOutputs.KeyImages, destination.Profile);
        Assert.Empty(new RoutingOptions { Destinations = { destination } }.Validate());
    }

    [Fact]
    public void UnknownOutput_IsAConfigurationErrorThatNamesIt()
    {
        var options = new RoutingOptions
        {
            Destinations = { new DestinationOptions { Name = "pacs", AeTitle = "PACS", Host = "h", Outputs = ["Sr", "Pfd"] } },
        };

        var error = Assert.Single(options.Validate());
        Assert.StartsWith("Routing:Destinations:0:Outputs names 'Pfd', which is not a result; use Seg, Sr, KeyImages, Pdf", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RequestedOutputs_AreEveryDestinationsProfileTogether()
    {
        var options = new RoutingOptions
        {
            Destinations =
            {
                new DestinationOptions { Name = "viewer", AeTitle = "V", Host = "h", Outputs = ["Sr"] },
                new DestinationOptions { Name = "archive", AeTitle = "A", Host = "h", Outputs = ["Pdf"] },
            },
        };

        Assert.Equal(ResultOutputs.Sr | ResultOutputs.Pdf, options.RequestedOutputs);
        Assert.Equal(ResultOutputs.Default, new RoutingOptions().RequestedOutputs);
    }

    [Theory]
    [InlineData("1.2.840.10008.5.1.4.1.1.66.4", ResultOutputs.Seg)]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.22", ResultOutputs.Sr)]
    [InlineData("1.2.840.10008.5.1.4.1.1.88.33", ResultOutputs.Sr)]
    [InlineData("1.2.840.10008.5.1.4.1.1.7", ResultOutputs.KeyImages)]
    [InlineData("1.2.840.10008.5.1.4.1.1.104.1", ResultOutputs.Pdf)]
    public void KindOf_NamesTheKindOfEachResultClass(string sopClass, ResultOutputs kind) => Assert.Equal(kind, ResultProfile.KindOf(sopClass));

    [Fact]
    public void KindOf_AnyOtherClass_IsNoKind() => Assert.Null(ResultProfile.KindOf("1.2.840.10008.5.1.4.1.1.4"));
}
