namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Voxel counts of one label in a truth and a predicted volume on one grid, and the overlap measures built on them.
/// Both empty is perfect agreement (DSC 1, VS 1); one empty is none (DSC 0, VS 0).
/// </summary>
public readonly record struct OverlapCounts(long TruthVoxels, long PredictedVoxels, long IntersectionVoxels)
{
    /// <summary>Dice similarity coefficient 2|A∩B| / (|A| + |B|); 1 when both are empty.</summary>
    public double Dice => TruthVoxels + PredictedVoxels == 0 ? 1 : 2.0 * IntersectionVoxels / (TruthVoxels + PredictedVoxels);

    /// <summary>Volumetric similarity 1 − |A − B| / (A + B); 1 when both are empty. Blind to position: it compares sizes only.</summary>
    public double VolumetricSimilarity => TruthVoxels + PredictedVoxels == 0
        ? 1
        : 1 - ((double)Math.Abs(TruthVoxels - PredictedVoxels) / (TruthVoxels + PredictedVoxels));
}
