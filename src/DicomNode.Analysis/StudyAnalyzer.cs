using DicomNode.Analysis.Bones;
using DicomNode.Analysis.Findings;
using DicomNode.Analysis.Lesions;
using DicomNode.Analysis.Nodes;
using DicomNode.Imaging;

namespace DicomNode.Analysis;

/// <summary>
/// Turns the cascade's labels of one study into findings and a verdict, following the method (docs: DESIGN.md, "The
/// clinical method"): bone post-processing on every series; metastases on the DWI and the T1 in-phase, inside the
/// post-processed bone mask; lymph nodes on the DWI; the metastases of the two series merged into one list; N and M stage.
/// Pure: no file or network access.
/// </summary>
public static class StudyAnalyzer
{
    /// <summary>Analyses one study.</summary>
    /// <param name="series">
    /// The analysed series, at most one per <see cref="Sequence"/>, each with the labels on its own geometry. Metastasis
    /// labels are read on the DWI and the T1 in-phase, node labels on the DWI only; the ADC map gets bones only (labels
    /// supplied for it beyond bones are not analysed).
    /// </param>
    /// <param name="adcMap">The ADC map for the lesions' mean ADC, in any geometry; null when there is none.</param>
    /// <param name="thresholds">The minimum metastasis volume and the suspicious node short axis.</param>
    /// <returns>The findings of each series in the order given, the merged metastases, N and M stage.</returns>
    /// <exception cref="ArgumentException">
    /// Two series of one sequence; labels that do not fit their geometry or hold a bone label above 8; metastasis labels
    /// without the bone labels the cascade runs them inside.
    /// </exception>
    public static StudyFindings Analyze(IReadOnlyList<SeriesLabels> series, ImageVolume? adcMap, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(thresholds);
        Validate(series);
        var adc = adcMap is null ? null : new AdcSampler(adcMap);
        var findings = new List<SeriesFindings>(series.Count);
        var metastasisModelRan = false;
        foreach (var labels in series)
        {
            var bones = labels.Bones is null ? null : BonePostProcessor.Process(labels.Bones, labels.Geometry);
            IReadOnlyList<MetastasisFinding> metastases = [];
            if (labels.Sequence != Sequence.Adc && labels.Metastases is not null)
            {
                metastasisModelRan = true;
                metastases = MetastasisAnalyzer.Analyze(labels.Metastases, labels.Geometry, bones!, adc, thresholds);
            }

            IReadOnlyList<LymphNodeFinding> nodes = labels.Sequence == Sequence.Dwi && labels.Nodes is not null
                ? LymphNodeAnalyzer.Analyze(
                    labels.Nodes, labels.Geometry, thresholds, bones?.Midline ?? Midline.Estimate(labels.Geometry, [], []), bones is null ? default : bones.Labels)
                : [];
            findings.Add(new SeriesFindings(
                labels.Sequence, labels.SeriesInstanceUid, labels.Geometry, bones?.Findings ?? [], metastases, nodes));
        }

        var merged = StudyMetastasisMerger.Merge(
            findings.FirstOrDefault(f => f.Sequence == Sequence.Dwi)?.Metastases ?? [],
            findings.FirstOrDefault(f => f.Sequence == Sequence.T1InPhase)?.Metastases ?? []);
        var mStage = merged.Count > 0 ? "M1b" : metastasisModelRan ? "M0" : null;
        var dwi = series.FirstOrDefault(s => s.Sequence == Sequence.Dwi);
        var nStage = dwi?.Nodes is null
            ? null
            : findings.First(f => f.Sequence == Sequence.Dwi).Nodes.Any(n => n.Suspicious) ? "N1" : "N0";
        return new StudyFindings(findings, merged, nStage, mStage, thresholds);
    }

    private static void Validate(IReadOnlyList<SeriesLabels> series)
    {
        foreach (var group in series.GroupBy(s => s.Sequence).Where(g => g.Count() > 1))
        {
            throw new ArgumentException(
                $"{group.Count()} series of sequence {group.Key} were given; the analysis takes at most one of each.", nameof(series));
        }

        foreach (var s in series)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(series));
            ArgumentNullException.ThrowIfNull(s.Geometry, nameof(series));
            var expected = s.Geometry.VoxelCount;
            foreach (var (name, labels) in new[] { ("bone", s.Bones), ("metastasis", s.Metastases), ("node", s.Nodes) })
            {
                if (labels is not null && labels.Length != expected)
                {
                    throw new ArgumentException(
                        $"Series {s.SeriesInstanceUid} ({s.Sequence}): the {name} labels hold {labels.Length} voxels; its geometry has {expected}.",
                        nameof(series));
                }
            }

            if (s.Sequence != Sequence.Adc && s.Metastases is not null && s.Bones is null)
            {
                throw new ArgumentException(
                    $"Series {s.SeriesInstanceUid} ({s.Sequence}): metastasis labels without bone labels; the cascade finds metastases inside the bone mask.",
                    nameof(series));
            }
        }
    }
}
