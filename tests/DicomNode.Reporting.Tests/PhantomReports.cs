using System.Text.Json;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Phantom;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;

namespace DicomNode.Reporting.Tests;

/// <summary>The SEGs and SR written for one phantom subject, the findings they came from, and where the files are.</summary>
internal sealed record PhantomCase(
    string Profile,
    string Folder,
    JsonElement Truth,
    IReadOnlyList<PhantomSeries> Series,
    StudyFindings Study,
    IReadOnlyList<WrittenSegmentation> Segmentations,
    IReadOnlyList<string> SegmentationPaths,
    string ReportPath,
    DicomFile Report);

/// <summary>
/// One phantom subject per vendor profile — seeds chosen to have counted metastases and lymph nodes (GE 18, Philips 25,
/// Siemens 20) — analysed by hand from the truth and written as SEG and SR once for every test class in the collection,
/// into a temporary folder deleted after them.
/// </summary>
/// <remarks>
/// Generating the phantoms is most of the time these tests take. A developer who runs them often may set
/// <c>DICOMNODE_PHANTOM_CACHE</c> to a folder: the phantoms are then kept there, under the phantom assembly's module
/// version id (so a changed generator never serves stale studies), and reused by the next run. Generation is a pure
/// function of seed and profile, so a kept study is the one a new run would write.
/// </remarks>
public sealed class PhantomReports : IDisposable
{
    private static readonly (string Profile, int Seed)[] Subjects = [("ge", 18), ("philips", 25), ("siemens", 20)];

    public PhantomReports()
    {
        Root = Path.Combine(Path.GetTempPath(), "reporting-tests-" + Guid.NewGuid().ToString("N"));
        Cases = Subjects.ToDictionary(s => s.Profile, s => Build(s.Profile, s.Seed, Path.Combine(Root, s.Profile)), StringComparer.Ordinal);
    }

    public string Root { get; }

    internal IReadOnlyDictionary<string, PhantomCase> Cases { get; }

    public static TheoryData<string> Profiles => new(Subjects.Select(s => s.Profile));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string Phantom(string profile, int seed, string root)
    {
        var cache = Environment.GetEnvironmentVariable("DICOMNODE_PHANTOM_CACHE");
        if (string.IsNullOrWhiteSpace(cache))
        {
            return PhantomGenerator.Generate(seed, profile, root);
        }

        var version = typeof(PhantomGenerator).Assembly.ManifestModule.ModuleVersionId.ToString("N");
        var kept = Path.Combine(cache, version, profile);
        var folder = Path.Combine(kept, $"phantom-{seed:D4}");
        if (!File.Exists(Path.Combine(folder, "truth.json")))
        {
            var partial = kept + ".partial";
            if (Directory.Exists(partial))
            {
                Directory.Delete(partial, recursive: true);
            }

            PhantomGenerator.Generate(seed, profile, partial);
            if (Directory.Exists(kept))
            {
                Directory.Delete(kept, recursive: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
            Directory.Move(partial, kept);
        }

        return folder;
    }

    private static PhantomCase Build(string profile, int seed, string root)
    {
        var folder = Phantom(profile, seed, root);
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "truth.json")));
        var truth = json.RootElement.Clone();
        var seriesTruth = truth.GetProperty("series").EnumerateArray().ToList();
        var dwiTruth = seriesTruth
            .Where(s => s.GetProperty("content").GetString() == "Diffusion")
            .MaxBy(s => s.GetProperty("bValues").EnumerateArray().Max(b => b.GetDouble()))!;
        var dwi = PhantomFindings.Load(folder, dwiTruth, Sequence.Dwi);
        var adc = PhantomFindings.Load(folder, seriesTruth.Single(s => s.GetProperty("content").GetString() == "Adc"), Sequence.Adc);
        var t1 = PhantomFindings.Load(folder, seriesTruth.Single(s => s.GetProperty("content").GetString() == "T1InPhase"), Sequence.T1InPhase);

        var dwiMetastases = PhantomFindings.Metastases(dwi, truth, adc.Volume);
        var t1Metastases = PhantomFindings.Metastases(t1, truth, adc: null);
        var nodes = PhantomFindings.Nodes(dwi, truth);
        var studyMetastases = dwiMetastases.Select(m => m.TruthId).Union(t1Metastases.Select(m => m.TruthId))
            .Select(id => (OnDwi: dwiMetastases.FirstOrDefault(m => m.TruthId == id).Finding, OnT1: t1Metastases.FirstOrDefault(m => m.TruthId == id).Finding))
            .OrderByDescending(m => (m.OnT1 ?? m.OnDwi)!.VolumeCm3)
            .Select((m, i) => new StudyMetastasis(i + 1, m.OnDwi, m.OnT1))
            .ToList();
        var series = new[]
        {
            new SeriesFindings(Sequence.Dwi, dwi.Source.SeriesInstanceUid, dwi.Volume.Geometry, PhantomFindings.Bones(dwi), dwiMetastases.Select(m => m.Finding).ToList(), nodes),
            new SeriesFindings(Sequence.Adc, adc.Source.SeriesInstanceUid, adc.Volume.Geometry, PhantomFindings.Bones(adc), [], []),
            new SeriesFindings(Sequence.T1InPhase, t1.Source.SeriesInstanceUid, t1.Volume.Geometry, PhantomFindings.Bones(t1), t1Metastases.Select(m => m.Finding).ToList(), []),
        };
        var study = new StudyFindings(
            series, studyMetastases, nodes.Any(n => n.Suspicious) ? "N1" : "N0", studyMetastases.Count > 0 ? "M1b" : "M0", new AnalysisThresholds());

        var uids = new DicomUidGenerator();
        var sources = new[] { dwi.Source, adc.Source, t1.Source };
        var options = new OutputOptions { Notice = TestIdentity.DemoNotice };
        var segmentations = new SegmentationWriter(TestIdentity.Node, TestIdentity.Algorithms, uids).WriteAll(study, sources, options);
        var output = Path.Combine(root, "output");
        Directory.CreateDirectory(output);
        var paths = new List<string>();
        foreach (var seg in segmentations)
        {
            var sequence = series.Single(s => s.SeriesInstanceUid == seg.Reference.SourceSeriesInstanceUid).Sequence;
            var path = Path.Combine(output, $"seg-{sequence}-{seg.Content}-{paths.Count + 1}.dcm");
            seg.File.Save(path);
            paths.Add(path);
        }

        var report = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, uids)
            .Write(study, sources, segmentations.Select(s => s.Reference).ToList(), options);
        var reportPath = Path.Combine(output, "sr.dcm");
        report.Save(reportPath);
        return new PhantomCase(profile, folder, truth, [dwi, adc, t1], study, segmentations, paths, reportPath, report);
    }
}

[CollectionDefinition(Name)]
public sealed class PhantomReportsCollection : ICollectionFixture<PhantomReports>
{
    public const string Name = "Phantom reports";
}
