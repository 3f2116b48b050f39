namespace DicomNode.Analysis.Evaluation;

/// <summary>
/// Detection by the study verdict when a lesion counts if it is found on any of several series (the method: DWI or
/// T1 in-phase). Each series is matched on its own grid first; the verdict then joins them.
/// </summary>
public static class StudyDetection
{
    /// <summary>
    /// A truth lesion (by id; every series lists the same counting lesions) is detected when it is detected on any series.
    /// A study lesion — predicted lesions on one or more series that the verdict reports as one — is true when any of its
    /// parts is, ignored when none is true and some part is ignored, false otherwise. Predicted lesions that no study lesion
    /// names are not part of the verdict and are not judged here.
    /// </summary>
    /// <param name="series">Per-series matchings.</param>
    /// <param name="studyLesions">Each study lesion as its parts: (index into <paramref name="series"/>, predicted lesion id).</param>
    /// <exception cref="ArgumentException">A part names a series or a predicted lesion that does not exist.</exception>
    public static DetectionCounts Either(IReadOnlyList<LesionMatching> series, IReadOnlyList<IReadOnlyList<(int Series, int PredictedId)>> studyLesions)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(studyLesions);
        var detected = new Dictionary<int, bool>();
        foreach (var matching in series)
        {
            foreach (var t in matching.Truth)
            {
                detected[t.Lesion.Id] = detected.GetValueOrDefault(t.Lesion.Id) || t.Detected;
            }
        }

        var outcomes = series.Select(m => m.Predicted.ToDictionary(p => p.Lesion.Id, p => p.Outcome)).ToList();
        int judged = 0, truePredictions = 0;
        foreach (var parts in studyLesions)
        {
            var partOutcomes = parts.Select(part =>
            {
                if (part.Series < 0 || part.Series >= outcomes.Count || !outcomes[part.Series].TryGetValue(part.PredictedId, out var outcome))
                {
                    throw new ArgumentException($"The study lesion part (series {part.Series}, lesion {part.PredictedId}) does not exist.", nameof(studyLesions));
                }

                return outcome;
            }).ToList();
            if (partOutcomes.Contains(PredictionOutcome.TruePositive))
            {
                judged++;
                truePredictions++;
            }
            else if (!partOutcomes.Contains(PredictionOutcome.Ignored))
            {
                judged++;
            }
        }

        return new DetectionCounts(detected.Count, detected.Count(d => d.Value), judged, truePredictions);
    }
}
