namespace DicomNode.Analysis.Evaluation;

/// <summary>One label of a truth and a predicted volume compared: overlap, volumes and surface distances.</summary>
/// <param name="VoxelVolumeMm3">The volume of one voxel of the shared grid.</param>
public sealed record LabelComparison(int Label, OverlapCounts Overlap, double VoxelVolumeMm3, SurfaceDistances Distances)
{
    public double Dice => Overlap.Dice;

    public double VolumetricSimilarity => Overlap.VolumetricSimilarity;

    public double? HausdorffMm => Distances.HausdorffMm;

    public double? Hausdorff95Mm => Distances.Hausdorff95Mm;

    /// <summary>The truth's voxel count times the voxel volume, in cm³.</summary>
    public double TruthVolumeCm3 => Overlap.TruthVoxels * VoxelVolumeMm3 / 1000;

    /// <summary>The prediction's voxel count times the voxel volume, in cm³.</summary>
    public double PredictedVolumeCm3 => Overlap.PredictedVoxels * VoxelVolumeMm3 / 1000;
}
