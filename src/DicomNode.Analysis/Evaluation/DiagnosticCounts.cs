namespace DicomNode.Analysis.Evaluation;

/// <summary>A patient-level 2×2 table (positive = the disease, e.g. M1b or N1) and its sensitivity and specificity.</summary>
public readonly record struct DiagnosticCounts(int TruePositives, int FalseNegatives, int TrueNegatives, int FalsePositives)
{
    /// <summary>TP / (TP + FN); undefined (null) without positive patients.</summary>
    public double? Sensitivity => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>TN / (TN + FP); undefined (null) without negative patients.</summary>
    public double? Specificity => TrueNegatives + FalsePositives == 0 ? null : (double)TrueNegatives / (TrueNegatives + FalsePositives);

    /// <summary>The table of (truth, predicted) calls.</summary>
    public static DiagnosticCounts From(IEnumerable<(bool Truth, bool Predicted)> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        int tp = 0, fn = 0, tn = 0, fp = 0;
        foreach (var (truth, predicted) in calls)
        {
            _ = (truth, predicted) switch
            {
                (true, true) => tp++,
                (true, false) => fn++,
                (false, false) => tn++,
                (false, true) => fp++,
            };
        }

        return new DiagnosticCounts(tp, fn, tn, fp);
    }
}
