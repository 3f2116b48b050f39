using DicomNode.Inference;
using DicomNode.Service.Analysis;
using DicomNode.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Tests.Configuration;

/// <summary>Issue 18 point 5: the target b-value window is a site setting that reaches the series selection.</summary>
public sealed class SelectionSettingsTests
{
    [Fact]
    public void TargetBValueWindow_FromTheConfiguration_IsTheSelectionsWindow()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analysis:TargetBValueMin"] = "1000",
            ["Analysis:TargetBValueMax"] = "1500",
        }).Build();
        NodeSettings settings = NodeConfiguration.Load(configuration);

        using var sessions = new InferenceSessionCache();
        var pipeline = AnalysisComposition.Create(settings, sessions, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.Equal(1000, pipeline.Options.Selection!.TargetBValueMin);
        Assert.Equal(1500, pipeline.Options.Selection.TargetBValueMax);
    }
}
