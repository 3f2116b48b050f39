using DicomNode.Analysis.Findings;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Tests;

public sealed class AnalysisAlgorithmsTests
{
    [Fact]
    public void OneMetastasisModel_ServesEverySequence()
    {
        var algorithms = AnalysisAlgorithms.Create(("b", "1"), ("m", "2"), ("n", "3"), new AnalysisThresholds());

        Assert.Equal("m", algorithms.MetastasesOn(Sequence.Dwi).Name);
        Assert.Equal("m", algorithms.MetastasesOn(Sequence.T1InPhase).Name);
        Assert.Equal(["b", "m", "n"], algorithms.All.Select(a => a.Name));
    }

    [Fact]
    public void ModelsPerSequence_AreFoundBySequence_AndListedOnceEach()
    {
        var algorithms = AnalysisAlgorithms.Create(
            ("b", "1"), [("m-dwi", "2", [Sequence.Dwi]), ("m-t1", "4", [Sequence.T1InPhase])], ("n", "3"), new AnalysisThresholds(0.5, 9));

        Assert.Equal(("m-dwi", "2"), (algorithms.MetastasesOn(Sequence.Dwi).Name, algorithms.MetastasesOn(Sequence.Dwi).Version));
        Assert.Equal(("m-t1", "4"), (algorithms.MetastasesOn(Sequence.T1InPhase).Name, algorithms.MetastasesOn(Sequence.T1InPhase).Version));
        Assert.Equal(["b", "m-dwi", "m-t1", "n"], algorithms.All.Select(a => a.Name));
        Assert.Contains("0.5 cm3", algorithms.MetastasesOn(Sequence.T1InPhase).Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoMetastasisModelsOnOneSequence_AreRefused_NamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => AnalysisAlgorithms.Create(
            ("b", "1"), [("m-a", "1", [Sequence.Dwi, Sequence.T1InPhase]), ("m-b", "1", [Sequence.T1InPhase])], ("n", "1"), new AnalysisThresholds()));

        Assert.Contains("m-a", error.Message, StringComparison.Ordinal);
        Assert.Contains("m-b", error.Message, StringComparison.Ordinal);
        Assert.Contains("T1InPhase", error.Message, StringComparison.Ordinal);
    }
}
