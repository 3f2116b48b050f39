using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Selection;

namespace DicomNode.Workflow.Pipeline;

/// <summary>How the study pipeline runs: which manifest models play which part, the thresholds, the selection rules.</summary>
public sealed record StudyPipelineOptions
{
    /// <summary>The manifest id of the bone model (8 labels, the cascade parent).</summary>
    public string BoneModelId { get; init; } = "pelvic-bones";

    /// <summary>
    /// The manifest ids of the metastasis models (run inside the bone mask): one model for DWI and T1 in-phase, or one
    /// per sequence. No two may run on the same sequence.
    /// </summary>
    public IReadOnlyList<string> MetastasisModelIds { get; init; } = ["pelvic-bone-metastases", "pelvic-bone-metastases-t1"];

    /// <summary>The manifest id of the lymph-node model (DWI).</summary>
    public string NodeModelId { get; init; } = "pelvic-lymph-nodes";

    public AnalysisThresholds Thresholds { get; init; } = new();

    /// <summary>
    /// The DWI series and the ADC map of one acquisition (one frame of reference, one voxel grid) get one bone
    /// segmentation, decided from the mean of the bone model's scores on both; false segments each series on its own.
    /// </summary>
    public bool ShareBonesWithinAcquisition { get; init; } = true;

    /// <summary>Series selection rules; null for the defaults.</summary>
    public SelectionRules? Selection { get; init; }

    /// <summary>
    /// How many model runs of a study go at once (Models:ConcurrentRuns): 0, the default, automatic (2 on the CPU with
    /// two or more logical processors, else 1), 1 one after the other, at most 16. <see cref="Inference.Cascade.CascadeRunner"/>.
    /// </summary>
    public int ConcurrentRuns { get; init; }

    /// <summary>Also write findings.json and the label files (labels/) next to the DICOM results.</summary>
    public bool WriteFindingsFiles { get; init; } = true;
}
