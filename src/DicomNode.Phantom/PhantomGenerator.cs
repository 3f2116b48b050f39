using System.Globalization;
using System.Text.Json;
using DicomNode.Imaging;
using DicomNode.Imaging.IO;
using DicomNode.Phantom.Anatomy;
using DicomNode.Phantom.Geometry;
using DicomNode.Phantom.Imaging;
using DicomNode.Phantom.Output;
using DicomNode.Phantom.Truth;
using DicomNode.Phantom.Vendors;

namespace DicomNode.Phantom;

/// <summary>
/// Generates synthetic pelvic MR studies with ground truth — for demonstration and testing only, never clinical use.
/// Output of one subject: <c>OUT/&lt;subject&gt;/dicom/&lt;number&gt;_&lt;description&gt;/NNNN.dcm</c>,
/// <c>OUT/&lt;subject&gt;/truth/&lt;series folder&gt;.nii</c> (bones) and <c>…_lesions.nii</c>, and <c>OUT/&lt;subject&gt;/truth.json</c>.
/// </summary>
public static class PhantomGenerator
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    /// <summary>The profile keys: ge, philips, siemens.</summary>
    public static IReadOnlyList<string> Profiles => VendorProfiles.All.Select(p => p.Key).ToList();

    /// <summary>The profile a batch gives a seed when none is named: they take turns.</summary>
    public static string ProfileForSeed(int seed) => VendorProfiles.All[((seed % 3) + 3) % 3].Key;

    /// <summary>Writes one subject under <paramref name="outputRoot"/>; returns the subject folder.</summary>
    public static string Generate(int seed, string profile, string outputRoot) => Create(seed, VendorProfiles.Find(profile), outputRoot).Folder;

    /// <summary>Writes one subject and a PNG montage of it.</summary>
    public static string Generate(int seed, string profile, string outputRoot, string montagePath)
    {
        var study = Create(seed, VendorProfiles.Find(profile), outputRoot);
        Montage.MontageRenderer.Write(montagePath, study);
        return study.Folder;
    }

    internal static PhantomStudy Create(int seed, VendorProfile profile, string outputRoot)
    {
        var subject = PhantomSubject.Create(seed);
        var diffusionGrid = Grid(subject, profile.Diffusion, "diffusion");
        var t1Grid = Grid(subject, profile.T1, "t1");
        var bValues = new double[] { 0, profile.HighB };
        var diffusion = VolumeSynthesizer.Diffusion(subject, diffusionGrid, bValues, profile.Diffusion.NoiseSigma, "diffusion");
        var t1 = VolumeSynthesizer.T1InPhase(subject, t1Grid, profile.T1.NoiseSigma, "t1");

        var folder = Path.Combine(outputRoot, subject.Name);
        var truthFolder = Path.Combine(folder, "truth");
        Directory.CreateDirectory(truthFolder);
        var seriesTruth = new List<SeriesTruth>();
        var metastasisVolumes = subject.Metastases.ToDictionary(m => m.Id, _ => new SortedDictionary<string, double>(StringComparer.Ordinal));
        var nodeVolumes = subject.Nodes.ToDictionary(n => n.Id, _ => new SortedDictionary<string, double>(StringComparer.Ordinal));
        var instances = 0;
        foreach (var series in profile.Series)
        {
            var isT1 = series.Content == SeriesContent.T1InPhase;
            var volume = isT1 ? t1 : diffusion;
            var acquisition = isT1 ? profile.T1 : profile.Diffusion;
            var written = MrSeriesWriter.Write(Path.Combine(folder, "dicom", series.Folder), subject, profile, series, acquisition, volume);
            instances += written;
            var g = volume.Geometry;
            var grid = g.ToImaging();
            NiftiLabels.Write(Path.Combine(truthFolder, series.Folder + ".nii"), new LabelVolume(grid, volume.Bones), "bone labels 1-8; synthetic phantom");
            NiftiLabels.Write(Path.Combine(truthFolder, series.Folder + "_lesions.nii"), new LabelVolume(grid, volume.Lesions), "metastasis id, node 100+id; synthetic phantom");
            var counts = new int[256];
            foreach (var value in volume.Lesions)
            {
                counts[value]++;
            }

            foreach (var m in subject.Metastases)
            {
                metastasisVolumes[m.Id][series.Folder] = R(counts[m.Id] * g.VoxelVolumeMm3 / 1000, 6);
            }

            foreach (var n in subject.Nodes)
            {
                nodeVolumes[n.Id][series.Folder] = R(counts[n.Id] * g.VoxelVolumeMm3 / 1000, 6);
            }

            seriesTruth.Add(new SeriesTruth(
                series.Number, series.Description, "dicom/" + series.Folder, series.Content.ToString(),
                series.Content == SeriesContent.Diffusion ? series.BValues : [], written,
                "truth/" + series.Folder + ".nii", "truth/" + series.Folder + "_lesions.nii",
                [g.Columns, g.Rows, g.Slices], [g.ColumnSpacing, g.RowSpacing, R(g.SliceSpacing, 6)], R(g.VoxelVolumeMm3, 6)));
        }

        var truth = Truth(subject, profile, seriesTruth, metastasisVolumes, nodeVolumes);
        File.WriteAllText(Path.Combine(folder, "truth.json"), JsonSerializer.Serialize(truth, Json) + "\n");
        File.WriteAllText(Path.Combine(folder, "README.txt"), MrSeriesWriter.SyntheticNotice + "\nSee truth.json for the ground truth and the label scheme.\n");
        return new PhantomStudy(subject, profile, folder, truth, diffusion, t1, instances);
    }

    private static VolumeGeometry Grid(PhantomSubject subject, AcquisitionProtocol a, string key)
    {
        // The technologist centres the stack on mid-pelvis within a few millimetres; oblique plans follow the pose.
        var random = Streams.For(subject.Seed, "plan-" + key);
        var centre = subject.ScanCentre + new Vec3((random.NextDouble() - 0.5) * 10, (random.NextDouble() - 0.5) * 10, (random.NextDouble() - 0.5) * 10);
        var plane = a.Oblique ? subject.Pose.Rotation : Rotation.Identity;
        return VolumeGeometry.Centred(centre, plane, a.Columns, a.Rows, a.Slices, a.PixelSpacing, a.SliceThickness, a.SliceSpacing, a.Descending);
    }

    private static TruthDocument Truth(
        PhantomSubject subject, VendorProfile profile, List<SeriesTruth> series,
        Dictionary<byte, SortedDictionary<string, double>> metastasisVolumes, Dictionary<byte, SortedDictionary<string, double>> nodeVolumes)
    {
        var bones = Enum.GetValues<BoneLabel>().Where(b => b != BoneLabel.None)
            .ToDictionary(b => ((int)b).ToString(CultureInfo.InvariantCulture), BoneName);
        var labels = new LabelScheme(
            bones,
            "truth/<series>.nii: uint8 bone labels 1-8 (0 elsewhere); a metastasis keeps the label of its bone",
            "truth/<series>_lesions.nii: uint8, metastasis id 1-99, lymph node 100 + id (101-199), 0 elsewhere",
            "volumeCm3 of a metastasis: its ellipsoid clipped to its bone, counted on a fine reference grid (0.15-0.6 mm); of a node: the analytic ellipsoid volume. "
            + "seriesVolumeCm3: the voxel count of the label in that series' truth NIfTI (voxel centre inside) times the voxel volume.");
        var metastases = subject.Metastases.Select(m => new MetastasisTruth(
            m.Id, m.Id, BoneName(m.Bone), (int)m.Bone, m.Side.ToString().ToLowerInvariant(), R(m.VolumeCm3, 6), m.Counts,
            Array(m.Shape.Centre), metastasisVolumes[m.Id])).ToList();
        var nodes = subject.Nodes.Select(n =>
        {
            var sorted = new[] { (n.Shape.Radii.X, n.Shape.Axes.ColumnX), (n.Shape.Radii.Y, n.Shape.Axes.ColumnY), (n.Shape.Radii.Z, n.Shape.Axes.ColumnZ) }
                .OrderBy(a => a.Item1).ToArray();
            return new NodeTruth(
                n.Id, n.Id, n.Chain, n.Side.ToString().ToLowerInvariant(), R(n.VolumeCm3, 6), R(n.ShortAxisMm, 4), R(2 * sorted[1].Item1, 4), R(n.LongAxisMm, 4),
                n.Suspicious, Array(n.Shape.Centre), sorted.Select(a => Array(a.Item2)).ToArray(), nodeVolumes[n.Id]);
        }).ToList();
        var counted = metastases.Count(m => m.Counts);
        var suspicious = nodes.Count(n => n.Suspicious);
        return new TruthDocument(
            MrSeriesWriter.SyntheticNotice, subject.Seed, subject.Name, profile.Key, labels, series, metastases, nodes,
            new Staging(suspicious > 0 ? "N1" : "N0", counted > 0 ? "M1b" : "M0"),
            new Counts(metastases.Count, counted, nodes.Count, suspicious));
    }

    internal static string BoneName(BoneLabel bone) => bone switch
    {
        BoneLabel.LumbarVertebra => "lumbar vertebra",
        BoneLabel.Sacrococcyx => "sacrococcyx",
        BoneLabel.Ilium => "ilium",
        BoneLabel.Acetabulum => "acetabulum",
        BoneLabel.FemoralHead => "femoral head",
        BoneLabel.FemoralNeck => "femoral neck",
        BoneLabel.Ischium => "ischium",
        BoneLabel.Pubis => "pubis",
        _ => "none",
    };

    private static double R(double value, int digits) => Math.Round(value, digits);

    private static double[] Array(Vec3 v) => [R(v.X, 4), R(v.Y, 4), R(v.Z, 4)];
}
