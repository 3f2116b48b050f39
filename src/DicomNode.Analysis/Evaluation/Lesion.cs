namespace DicomNode.Analysis.Evaluation;

/// <summary>One lesion of a label volume: an identifier, the label value it carries, and its voxels (flat indices of the grid).</summary>
/// <param name="Id">Unique within its list: the truth id, or the component's number.</param>
/// <param name="LabelValue">The value its voxels hold in the label file.</param>
public sealed record Lesion(int Id, int LabelValue, int[] Voxels);
