namespace DicomNode.Analysis.Evaluation;

/// <summary>The area under the ROC curve from per-patient scores, by the Mann–Whitney statistic.</summary>
public static class ReceiverOperatingCharacteristic
{
    /// <summary>
    /// The probability that a positive patient scores above a negative one, ties counting one half:
    /// AUC = (R₊ − n₊(n₊ + 1)/2) / (n₊ n₋), R₊ the sum of the positives' mid-ranks among all scores.
    /// Undefined (null) unless there is at least one positive and one negative patient.
    /// </summary>
    /// <exception cref="ArgumentException">A score is not a finite number.</exception>
    public static double? Auc(IReadOnlyList<(bool Positive, double Score)> patients)
    {
        ArgumentNullException.ThrowIfNull(patients);
        if (patients.Any(p => !double.IsFinite(p.Score)))
        {
            throw new ArgumentException("Every score must be a finite number.", nameof(patients));
        }

        long positives = patients.Count(p => p.Positive);
        long negatives = patients.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var sorted = patients.OrderBy(p => p.Score).ToList();
        double positiveRankSum = 0;
        for (int start = 0; start < sorted.Count;)
        {
            int end = start;
            while (end + 1 < sorted.Count && sorted[end + 1].Score == sorted[start].Score)
            {
                end++;
            }

            // Ranks are 1-based; a run of equal scores shares the mean of its ranks.
            double midRank = ((start + 1) + (end + 1)) / 2.0;
            for (int n = start; n <= end; n++)
            {
                if (sorted[n].Positive)
                {
                    positiveRankSum += midRank;
                }
            }

            start = end + 1;
        }

        return (positiveRankSum - (positives * (positives + 1) / 2.0)) / (positives * negatives);
    }
}
