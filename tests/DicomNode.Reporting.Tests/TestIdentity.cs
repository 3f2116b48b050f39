using DicomNode.Analysis.Findings;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Tests;

/// <summary>The node identity and models the tests write with.</summary>
internal static class TestIdentity
{
    public const string DemoNotice = "Demonstration models trained on synthetic phantoms; not for clinical use.";

    public static NodeIdentity Node { get; } = new(
        "DicomNode project", "DicomNode", "TEST-0001", "0.1.0", "2.25.141120315426452925738826478372416587623", "DICOMNODE");

    /// <summary>One metastasis model per sequence, as the node ships them.</summary>
    public static AnalysisAlgorithms Algorithms { get; } = AnalysisAlgorithms.Create(
        ("pelvic-bones", "0.0.0"),
        [("pelvic-bone-metastases", "0.0.0", [Sequence.Dwi]), ("pelvic-bone-metastases-t1", "0.0.0", [Sequence.T1InPhase])],
        ("pelvic-lymph-nodes", "0.0.0"),
        new AnalysisThresholds());
}
