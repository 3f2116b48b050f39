using System.Globalization;
using DicomNode.Analysis.Findings;
using DicomNode.Reporting.Coding;
using SkiaSharp;

namespace DicomNode.Reporting.KeyImages;

/// <summary>
/// Chooses the slices that matter and what to draw on each: every metastasis of the study on the series the report
/// quotes (T1 in-phase when seen there, else DWI) and every suspicious lymph node, each on the source slice that holds
/// most of its voxels (its largest extent; the lower slice on a tie), then one bone overview — the slice with most
/// bone voxels of the T1 in-phase series, else of the DWI. Each image outlines every metastasis and node on its slice
/// (the overview also the bones, thin and pale), so that a neighbour is never mistaken for the finding.
/// </summary>
internal static class KeyImagePlanner
{
    private static readonly SKColor[] MetastasisColours =
    [
        new(255, 64, 64), new(255, 150, 0), new(255, 0, 200), new(255, 230, 0), new(190, 90, 255), new(255, 120, 140),
    ];

    private static readonly SKColor[] NodeColours =
    [
        new(0, 220, 255), new(60, 255, 120), new(80, 140, 255), new(0, 255, 210), new(170, 255, 60), new(150, 200, 255),
    ];

    private static readonly SKColor BoneColour = new(225, 225, 225);

    public static IReadOnlyList<KeyImageView> Plan(StudyFindings study, IReadOnlyList<KeyImageSource> sources, string? notice)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(sources);
        var numbers = new Dictionary<MetastasisFinding, StudyMetastasis>(ReferenceEqualityComparer.Instance);
        foreach (var metastasis in study.Metastases)
        {
            foreach (var finding in new[] { metastasis.OnDwi, metastasis.OnT1InPhase })
            {
                if (finding is not null)
                {
                    numbers[finding] = metastasis;
                }
            }
        }

        var views = new List<KeyImageView>();
        foreach (var metastasis in study.Metastases)
        {
            var finding = metastasis.Primary;
            if (Locate(study, sources, s => s.Metastases.Contains(finding)) is { } place)
            {
                var slice = LargestSlice(finding.Region);
                views.Add(View(place, slice, MetastasisTitle(metastasis.Number, finding, AdcOf(metastasis, finding)), false));
            }
        }

        foreach (var node in study.Nodes.Where(n => n.Suspicious))
        {
            if (Locate(study, sources, s => s.Nodes.Contains(node)) is { } place)
            {
                views.Add(View(place, LargestSlice(node.Region), NodeTitle(node, study.Thresholds), false));
            }
        }

        var overview = Locate(study, sources, s => s.Sequence == Sequence.T1InPhase && s.Bones.Count > 0)
            ?? Locate(study, sources, s => s.Sequence == Sequence.Dwi && s.Bones.Count > 0)
            ?? Locate(study, sources, s => s.Bones.Count > 0);
        if (overview is { } bones)
        {
            var slice = LargestSlice(bones.Findings.Bones.SelectMany(b => b.Region.Voxels).ToArray(), bones.Findings.Geometry.Columns * bones.Findings.Geometry.Rows);
            views.Add(View(bones, slice, "Bone overview · " + SequenceName(bones.Findings.Sequence), true));
        }

        return views;

        KeyImageView View((int Index, SeriesFindings Findings) place, int slice, string title, bool withBones)
        {
            var (index, findings) = place;
            var source = sources[index];
            var plane = findings.Geometry.Columns * findings.Geometry.Rows;
            var outlines = new List<KeyImageOutline>();
            if (withBones)
            {
                string? legend = "Bones (bone model), outlined";
                foreach (var bone in findings.Bones)
                {
                    if (MaskOf(bone.Region.Voxels, slice, plane) is { } mask)
                    {
                        // One legend line for all the bones.
                        outlines.Add(new KeyImageOutline(mask, BoneColour, null, legend, 1.6f));
                        legend = null;
                    }
                }
            }

            foreach (var finding in findings.Metastases)
            {
                var metastasis = numbers.GetValueOrDefault(finding);
                var number = metastasis?.Number ?? finding.Number;
                if (MaskOf(finding.Region.Voxels, slice, plane) is { } mask)
                {
                    outlines.Add(new KeyImageOutline(
                        mask, MetastasisColours[(number - 1) % MetastasisColours.Length], $"M{number}", MetastasisTitle(number, finding, AdcOf(metastasis, finding))));
                }
            }

            foreach (var node in findings.Nodes)
            {
                if (MaskOf(node.Region.Voxels, slice, plane) is { } mask)
                {
                    outlines.Add(new KeyImageOutline(mask, NodeColours[(node.Number - 1) % NodeColours.Length], $"N{node.Number}", NodeTitle(node, study.Thresholds)));
                }
            }

            var seriesNumber = source.Series.Instance.TryGetInt32(Dicom.DicomTags.SeriesNumber, out var n) ? $" · series {n}" : string.Empty;
            var subtitle = string.Create(CultureInfo.InvariantCulture, $"{SequenceName(findings.Sequence)}{seriesNumber} · slice {slice + 1} of {findings.Geometry.Slices}");
            return new KeyImageView(index, slice, new KeyImageScene(source.Volume, slice, title, subtitle, outlines, notice));
        }
    }

    /// <summary>The lesion's mean ADC: measured on the DWI (the map shares its grid) even when the image shows the T1 in-phase.</summary>
    private static double? AdcOf(StudyMetastasis? metastasis, MetastasisFinding finding) => metastasis?.OnDwi?.MeanAdc ?? finding.MeanAdc;

    /// <summary>"Metastasis 1 · right ilium · 2.3 cm³ · ADC 812 µm²/s" (the map's units: 1 µm²/s = 10⁻⁶ mm²/s; when measured).</summary>
    public static string MetastasisTitle(int number, MetastasisFinding finding, double? meanAdc)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var site = BoneConcepts.Label(finding.Bone, finding.Side);
        var adc = meanAdc is { } mean ? string.Create(CultureInfo.InvariantCulture, $" · ADC {mean:0} µm²/s") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"Metastasis {number} · {char.ToLowerInvariant(site[0])}{site[1..]} · {finding.VolumeCm3:0.0} cm³{adc}");
    }

    /// <summary>"Lymph node 2 · left · short axis 9.1 mm · suspicious" (the threshold quoted when not suspicious).</summary>
    public static string NodeTitle(LymphNodeFinding node, AnalysisThresholds thresholds)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(thresholds);
        var verdict = node.Suspicious ? "suspicious" : string.Create(CultureInfo.InvariantCulture, $"not suspicious (≤ {thresholds.SuspiciousShortAxisMm:0.#} mm)");
        var side = node.Side switch { Side.Left => "left · ", Side.Right => "right · ", _ => string.Empty };
        return string.Create(CultureInfo.InvariantCulture, $"Lymph node {node.Number} · {side}short axis {node.ShortAxisMm:0.0} mm · {verdict}");
    }

    public static string SequenceName(Sequence sequence) => sequence switch
    {
        Sequence.Dwi => "DWI",
        Sequence.Adc => "ADC map",
        Sequence.T1InPhase => "T1 in-phase",
        _ => sequence.ToString(),
    };

    /// <summary>The slice holding most of the region's voxels; the lowest such slice on a tie.</summary>
    public static int LargestSlice(Region region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return LargestSlice(region.Voxels, region.Geometry.Columns * region.Geometry.Rows);
    }

    private static int LargestSlice(int[] voxels, int plane)
    {
        var counts = new Dictionary<int, int>();
        foreach (var v in voxels)
        {
            var k = v / plane;
            counts[k] = counts.GetValueOrDefault(k) + 1;
        }

        return counts.Count == 0 ? 0 : counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key).First().Key;
    }

    private static bool[]? MaskOf(int[] voxels, int slice, int plane)
    {
        bool[]? mask = null;
        var start = slice * plane;
        foreach (var v in voxels)
        {
            if (v >= start && v < start + plane)
            {
                mask ??= new bool[plane];
                mask[v - start] = true;
            }
        }

        return mask;
    }

    private static (int Index, SeriesFindings Findings)? Locate(StudyFindings study, IReadOnlyList<KeyImageSource> sources, Func<SeriesFindings, bool> holds)
    {
        foreach (var findings in study.Series.Where(holds))
        {
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i].Series.SeriesInstanceUid == findings.SeriesInstanceUid)
                {
                    return (i, findings);
                }
            }
        }

        return null;
    }
}
