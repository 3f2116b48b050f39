namespace DicomNode.Analysis.Evaluation;

/// <summary>How a predicted lesion is judged.</summary>
public enum PredictionOutcome
{
    /// <summary>It overlaps at least one truth lesion that counts.</summary>
    TruePositive,

    /// <summary>It overlaps no truth lesion at all.</summary>
    FalsePositive,

    /// <summary>It overlaps only truth lesions that do not count (for example metastases under the volume threshold): neither true nor false.</summary>
    Ignored,
}
