namespace DicomNode.Phantom.Truth;

/// <summary>The ground truth of one subject, written as <c>truth.json</c>. Volumes in cm³, lengths in mm, positions LPS mm.</summary>
internal sealed record TruthDocument(
    string Notice,
    int Seed,
    string Subject,
    string Profile,
    LabelScheme Labels,
    IReadOnlyList<SeriesTruth> Series,
    IReadOnlyList<MetastasisTruth> Metastases,
    IReadOnlyList<NodeTruth> LymphNodes,
    Staging Staging,
    Counts Counts);

internal sealed record LabelScheme(IReadOnlyDictionary<string, string> Bones, string BoneFile, string LesionFile, string VolumeDefinition);

internal sealed record SeriesTruth(
    int Number, string Description, string Folder, string Content, IReadOnlyList<double> BValues, int Instances,
    string BoneLabels, string LesionLabels, int[] Dimensions, double[] SpacingMm, double VoxelVolumeMm3);

internal sealed record MetastasisTruth(
    int Id, int LabelValue, string Bone, int BoneLabel, string Side, double VolumeCm3, bool Counts, double[] CentreLps,
    IReadOnlyDictionary<string, double> SeriesVolumeCm3);

internal sealed record NodeTruth(
    int Id, int LabelValue, string Chain, string Side, double VolumeCm3, double ShortAxisMm, double MiddleAxisMm, double LongAxisMm,
    bool Suspicious, double[] CentreLps, double[][] AxesLps, IReadOnlyDictionary<string, double> SeriesVolumeCm3);

internal sealed record Staging(string N, string M);

internal sealed record Counts(int Metastases, int CountedMetastases, int LymphNodes, int SuspiciousNodes);
