using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Findings;

// The findings contract between the analysis (which fills it), the writers (SEG, SR) and `dicomnode analyze`.
// Bone labels follow the manifest and the phantom truth: 1 lumbar vertebra … 8 pubis.

/// <summary>The eight bone labels of the bone model.</summary>
public enum Bone : byte
{
    LumbarVertebra = 1,
    Sacrococcyx = 2,
    Ilium = 3,
    Acetabulum = 4,
    FemoralHead = 5,
    FemoralNeck = 6,
    Ischium = 7,
    Pubis = 8,
}

/// <summary>Side of a finding in the patient; <see cref="Midline"/> for the lumbar vertebra and the sacrococcyx.</summary>
public enum Side
{
    Midline,
    Left,
    Right,
}

/// <summary>Which series a finding was made on (the manifest's names: "DWI", "ADC", "T1IP").</summary>
public enum Sequence
{
    Dwi,
    Adc,
    T1InPhase,
}

/// <summary>A set of voxels of one series: indices into <see cref="Geometry"/> (i fastest, then j, then k), ascending.</summary>
public sealed record Region(VolumeGeometry Geometry, int[] Voxels);

/// <summary>One bone (one side of a paired bone) after post-processing.</summary>
/// <param name="VolumeCm3">Voxel count × voxel volume of <see cref="Region"/>.</param>
public sealed record BoneFinding(Bone Bone, Side Side, Region Region, double VolumeCm3);

/// <summary>
/// A metastasis found on one series: a connected component of the metastasis model's output of at least the
/// threshold volume, located in the bone and side it overlaps most.
/// </summary>
/// <param name="Number">1-based, in the order of decreasing volume within the series.</param>
/// <param name="MeanAdc">Mean of the ADC map over the lesion (the map's own units, 10⁻⁶ mm²/s), when an ADC map was supplied.</param>
/// <param name="CentroidLps">The centre of the lesion's voxels in patient coordinates (mm).</param>
public sealed record MetastasisFinding(
    int Number, Bone Bone, Side Side, Region Region, double VolumeCm3, double? MeanAdc, (double X, double Y, double Z) CentroidLps);

/// <summary>A lymph node found on the DWI: one connected component of the node model's output.</summary>
/// <param name="Number">1-based, in the order of decreasing short axis.</param>
/// <param name="ShortAxisMm">The smallest side of the component's minimum-volume oriented bounding box.</param>
/// <param name="LongAxisMm">The largest side of that box.</param>
/// <param name="Suspicious">Short axis as reported above the threshold (8 mm by default): <see cref="AnalysisThresholds.IsSuspicious"/>.</param>
/// <param name="Side">The side of the patient's midline most of the node's voxels lie on; <see cref="Side.Midline"/> on a tie.</param>
public sealed record LymphNodeFinding(
    int Number, Region Region, double VolumeCm3, double ShortAxisMm, double LongAxisMm, bool Suspicious, (double X, double Y, double Z) CentroidLps, Side Side);

/// <summary>Everything found on one analysed series, in that series' own geometry.</summary>
public sealed record SeriesFindings(
    Sequence Sequence,
    string SeriesInstanceUid,
    VolumeGeometry Geometry,
    IReadOnlyList<BoneFinding> Bones,
    IReadOnlyList<MetastasisFinding> Metastases,
    IReadOnlyList<LymphNodeFinding> Nodes);

/// <summary>One metastasis of the study verdict: the same lesion as seen on DWI and/or T1 in-phase (either may be null, not both).</summary>
public sealed record StudyMetastasis(int Number, MetastasisFinding? OnDwi, MetastasisFinding? OnT1InPhase)
{
    /// <summary>The finding the report quotes: T1 in-phase (finer slices) when the lesion was seen there, else DWI.</summary>
    public MetastasisFinding Primary => OnT1InPhase ?? OnDwi ?? throw new InvalidOperationException("A study metastasis is seen on at least one series.");
}

/// <summary>The thresholds the analysis used; recorded in the SR.</summary>
public sealed record AnalysisThresholds(double MinimumMetastasisVolumeCm3 = 0.2, double SuspiciousShortAxisMm = 8.0)
{
    /// <summary>
    /// "Short axis &gt; 8 mm", applied to the short axis as reported (<see cref="Measurement.ReportedMm"/>): 8.04 mm is
    /// reported "8.0" and is not suspicious, 8.05 mm is reported "8.1" and is. The radiologist reads the reported value,
    /// so the decision may not rest on digits the report does not show.
    /// </summary>
    public bool IsSuspicious(double shortAxisMm) => Measurement.ReportedMm(shortAxisMm) > SuspiciousShortAxisMm;
}

/// <summary>The study verdict: per-series findings, the merged metastases, N and M stage.</summary>
/// <param name="NStage">"N1" when any node is suspicious, else "N0"; null when the node model did not run.</param>
/// <param name="MStage">"M1b" when any metastasis counts, else "M0"; null when the metastasis model ran on no series.</param>
public sealed record StudyFindings(
    IReadOnlyList<SeriesFindings> Series,
    IReadOnlyList<StudyMetastasis> Metastases,
    string? NStage,
    string? MStage,
    AnalysisThresholds Thresholds)
{
    /// <summary>The DWI's nodes (empty when none was analysed).</summary>
    public IReadOnlyList<LymphNodeFinding> Nodes => Series.FirstOrDefault(s => s.Sequence == Sequence.Dwi)?.Nodes ?? [];

    public int SuspiciousNodeCount => Nodes.Count(n => n.Suspicious);

    /// <summary>The node with the largest short axis (the method reports its volume and short axis); null without nodes.</summary>
    public LymphNodeFinding? LargestNode => Nodes.MaxBy(n => n.ShortAxisMm);
}

/// <summary>
/// What the analysis reads: for each analysed series, the cascade's labels on that series' own geometry. Bone labels
/// are 0–8 (<see cref="Bone"/>); metastasis and node labels are 0/non-zero masks. Null where the model did not run.
/// </summary>
public sealed record SeriesLabels(
    Sequence Sequence, string SeriesInstanceUid, VolumeGeometry Geometry, byte[]? Bones, byte[]? Metastases, byte[]? Nodes);
