namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Lesion-level matching: a truth lesion is detected when any voxel of a predicted lesion overlaps it; a predicted lesion
/// is true when it overlaps a truth lesion that counts, ignored when it overlaps only truth lesions that do not count,
/// false otherwise.
/// </summary>
public static class LesionMatcher
{
    /// <param name="truth">The truth lesions that count (a lesion may have no voxels on this grid: it is then missed).</param>
    /// <param name="predicted">The predicted lesions.</param>
    /// <param name="ignoredTruth">Truth lesions that do not count: overlapping them is neither a hit nor a false positive.</param>
    /// <exception cref="ArgumentException">Two truth lesions share a voxel, or ids repeat within a list.</exception>
    public static LesionMatching Match(IReadOnlyList<Lesion> truth, IReadOnlyList<Lesion> predicted, IReadOnlyList<Lesion>? ignoredTruth = null)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        ignoredTruth ??= [];
        RequireUniqueIds(truth.Concat(ignoredTruth), "truth");
        RequireUniqueIds(predicted, "predicted");

        // Voxel → truth lesion: index into truth when ≥ 0, into ignoredTruth as −(index + 1) otherwise.
        var owner = new Dictionary<int, int>();
        for (int t = 0; t < truth.Count; t++)
        {
            Claim(owner, truth[t], t);
        }

        for (int t = 0; t < ignoredTruth.Count; t++)
        {
            Claim(owner, ignoredTruth[t], -(t + 1));
        }

        var truthOverlaps = truth.Select(_ => new SortedDictionary<int, int>()).ToArray();
        var predictedMatches = new List<PredictedLesionMatch>(predicted.Count);
        int truePredictions = 0, judged = 0;
        foreach (Lesion p in predicted)
        {
            var overlaps = new SortedDictionary<int, int>();
            bool hitsCounting = false;
            foreach (int v in p.Voxels)
            {
                if (!owner.TryGetValue(v, out int t))
                {
                    continue;
                }

                Lesion hit = t >= 0 ? truth[t] : ignoredTruth[-t - 1];
                overlaps[hit.Id] = overlaps.GetValueOrDefault(hit.Id) + 1;
                if (t >= 0)
                {
                    hitsCounting = true;
                    truthOverlaps[t][p.Id] = truthOverlaps[t].GetValueOrDefault(p.Id) + 1;
                }
            }

            var outcome = hitsCounting ? PredictionOutcome.TruePositive : overlaps.Count > 0 ? PredictionOutcome.Ignored : PredictionOutcome.FalsePositive;
            if (outcome != PredictionOutcome.Ignored)
            {
                judged++;
            }

            if (outcome == PredictionOutcome.TruePositive)
            {
                truePredictions++;
            }

            predictedMatches.Add(new PredictedLesionMatch(p, overlaps, outcome));
        }

        var byId = predicted.ToDictionary(p => p.Id);
        var truthMatches = new List<TruthLesionMatch>(truth.Count);
        for (int t = 0; t < truth.Count; t++)
        {
            Lesion? best = null;
            int bestVoxels = 0;
            foreach (var (id, voxels) in truthOverlaps[t])
            {
                // Ascending ids: a strictly larger overlap wins, so a tie keeps the lowest id.
                if (voxels > bestVoxels)
                {
                    (best, bestVoxels) = (byId[id], voxels);
                }
            }

            truthMatches.Add(new TruthLesionMatch(truth[t], truthOverlaps[t], best));
        }

        var counts = new DetectionCounts(truth.Count, truthMatches.Count(m => m.Detected), judged, truePredictions);
        return new LesionMatching(truthMatches, predictedMatches, counts);
    }

    private static void Claim(Dictionary<int, int> owner, Lesion lesion, int index)
    {
        foreach (int v in lesion.Voxels)
        {
            if (!owner.TryAdd(v, index))
            {
                throw new ArgumentException($"Voxel {v} belongs to two truth lesions; truth lesions are disjoint.");
            }
        }
    }

    private static void RequireUniqueIds(IEnumerable<Lesion> lesions, string which)
    {
        var seen = new HashSet<int>();
        foreach (Lesion lesion in lesions)
        {
            if (!seen.Add(lesion.Id))
            {
                throw new ArgumentException($"Two {which} lesions have the id {lesion.Id}.");
            }
        }
    }
}
