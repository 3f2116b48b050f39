using System.Text.Json;
using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.IO;
using DicomNode.Imaging.Series;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Tests;

/// <summary>One series of a phantom subject, stacked, with its truth labels in the volume's slice order.</summary>
internal sealed record PhantomSeries(Sequence Sequence, string Folder, ImageVolume Volume, SourceSeries Source, byte[] Bones, byte[] Lesions);

/// <summary>
/// Findings made by hand from a phantom's truth, as the analysis would report them: bones 1–8 split left and right at
/// the midline, metastases (lesion labels 1–99, those the method counts) located in the bone they lie in, lymph nodes
/// (101–199) on the DWI with the axes of truth.json.
/// </summary>
internal static class PhantomFindings
{
    public static PhantomSeries Load(string subject, JsonElement series, Sequence sequence)
    {
        var folder = Path.Combine(subject, series.GetProperty("folder").GetString()!);
        var files = Directory.GetFiles(folder, "*.dcm").Order(StringComparer.Ordinal).ToList();
        var volume = new SeriesVolumeBuilder().Build(files).MaxBy(v => v.BValue ?? 0)!;
        var instance = DicomFile.Open(files[0]).Dataset;
        var source = SourceSeries.From(volume, instance);
        var bones = InVolumeOrder(NiftiLabels.Read(Path.Combine(subject, series.GetProperty("boneLabels").GetString()!)), volume.Geometry);
        var lesions = InVolumeOrder(NiftiLabels.Read(Path.Combine(subject, series.GetProperty("lesionLabels").GetString()!)), volume.Geometry);
        return new PhantomSeries(sequence, folder, volume, source, bones, lesions);
    }

    /// <summary>
    /// The truth is in instance order, the volume sorted along the slice normal: each truth slice goes to the volume
    /// slice at its position. Rows and columns must coincide.
    /// </summary>
    public static byte[] InVolumeOrder(LabelVolume truth, VolumeGeometry grid)
    {
        var t = truth.Geometry;
        Assert.Equal((grid.Columns, grid.Rows, grid.Slices), (t.Columns, t.Rows, t.Slices));
        var plane = grid.Columns * grid.Rows;
        var labels = new byte[grid.VoxelCount];
        for (var k = 0; k < t.Slices; k++)
        {
            var origin = t.ToPatient(0, 0, k);
            var (i0, j0, kv) = grid.ToVoxel(origin.X, origin.Y, origin.Z);
            var corner = t.ToPatient(t.Columns - 1, t.Rows - 1, k);
            var (i1, j1, kv1) = grid.ToVoxel(corner.X, corner.Y, corner.Z);
            var target = (int)Math.Round(kv);
            Assert.True(Math.Abs(i0) < 0.05 && Math.Abs(j0) < 0.05 && Math.Abs(kv - target) < 0.05, $"truth slice {k} is not on the volume grid");
            Assert.True(Math.Abs(i1 - (t.Columns - 1)) < 0.05 && Math.Abs(j1 - (t.Rows - 1)) < 0.05 && Math.Abs(kv1 - target) < 0.05, $"truth slice {k} is not aligned");
            truth.Labels.AsSpan(k * plane, plane).CopyTo(labels.AsSpan(target * plane, plane));
        }

        return labels;
    }

    public static List<BoneFinding> Bones(PhantomSeries series)
    {
        var g = series.Volume.Geometry;
        var labels = series.Bones;
        var byLabel = IndexByLabel(labels);
        var midline = byLabel[1].Concat(byLabel[2]).Average(v => X(g, v));
        var findings = new List<BoneFinding>();
        foreach (var bone in Enum.GetValues<Bone>())
        {
            var voxels = byLabel.GetValueOrDefault((byte)bone)?.ToArray() ?? [];
            if (bone is Bone.LumbarVertebra or Bone.Sacrococcyx)
            {
                Add(bone, Side.Midline, voxels);
                continue;
            }

            // LPS: +x points to the patient's left.
            Add(bone, Side.Left, voxels.Where(v => X(g, v) > midline).ToArray());
            Add(bone, Side.Right, voxels.Where(v => X(g, v) <= midline).ToArray());
        }

        return findings;

        void Add(Bone bone, Side side, int[] voxels)
        {
            if (voxels.Length > 0)
            {
                findings.Add(new BoneFinding(bone, side, new Region(g, voxels), voxels.Length * VoxelCm3(g)));
            }
        }
    }

    /// <summary>The counted metastases (truth "counts") with any voxel on the series; numbered by decreasing volume.</summary>
    public static List<(int TruthId, MetastasisFinding Finding)> Metastases(PhantomSeries series, JsonElement truth, ImageVolume? adc)
    {
        var g = series.Volume.Geometry;
        var byLabel = IndexByLabel(series.Lesions);
        var found = new List<(int, int[], Bone, Side)>();
        foreach (var metastasis in truth.GetProperty("metastases").EnumerateArray())
        {
            if (!metastasis.GetProperty("counts").GetBoolean())
            {
                continue;
            }

            var id = metastasis.GetProperty("labelValue").GetInt32();
            if (!byLabel.TryGetValue((byte)id, out var list))
            {
                continue;
            }

            var voxels = list.ToArray();

            var bone = (Bone)voxels.Select(v => series.Bones[v]).Where(l => l is >= 1 and <= 8).GroupBy(l => l).MaxBy(x => x.Count())!.Key;
            var side = metastasis.GetProperty("side").GetString() switch { "left" => Side.Left, "right" => Side.Right, _ => Side.Midline };
            found.Add((id, voxels, bone, side));
        }

        var useAdc = adc is not null && adc.Geometry.Columns == g.Columns && adc.Geometry.Rows == g.Rows && adc.Geometry.Slices == g.Slices;
        return found
            .OrderByDescending(f => f.Item2.Length)
            .Select((f, n) => (f.Item1, new MetastasisFinding(
                n + 1, f.Item3, f.Item4, new Region(g, f.Item2), f.Item2.Length * VoxelCm3(g),
                useAdc ? f.Item2.Average(v => (double)adc!.Voxels[v]) : null, Centroid(g, f.Item2))))
            .ToList();
    }

    public static List<LymphNodeFinding> Nodes(PhantomSeries series, JsonElement truth)
    {
        var g = series.Volume.Geometry;
        var byLabel = IndexByLabel(series.Lesions);
        var bones = IndexByLabel(series.Bones);
        var midline = bones[1].Concat(bones[2]).Average(v => X(g, v));
        var nodes = new List<(int[] Voxels, JsonElement Truth)>();
        foreach (var node in truth.GetProperty("lymphNodes").EnumerateArray())
        {
            var value = node.GetProperty("labelValue").GetInt32();
            if (byLabel.TryGetValue((byte)value, out var voxels))
            {
                nodes.Add((voxels.ToArray(), node));
            }
        }

        return nodes
            .OrderByDescending(n => n.Truth.GetProperty("shortAxisMm").GetDouble())
            .Select((n, i) => new LymphNodeFinding(
                i + 1,
                new Region(g, n.Voxels),
                n.Voxels.Length * VoxelCm3(g),
                n.Truth.GetProperty("shortAxisMm").GetDouble(),
                n.Truth.GetProperty("longAxisMm").GetDouble(),
                n.Truth.GetProperty("suspicious").GetBoolean(),
                Centroid(g, n.Voxels),
                n.Voxels.Count(v => X(g, v) > midline) * 2 > n.Voxels.Length ? Side.Left : Side.Right))
            .ToList();
    }

    /// <summary>The voxels of each label value present, ascending.</summary>
    public static Dictionary<byte, List<int>> IndexByLabel(byte[] labels)
    {
        var byLabel = new Dictionary<byte, List<int>>();
        for (var v = 0; v < labels.Length; v++)
        {
            if (labels[v] != 0)
            {
                if (!byLabel.TryGetValue(labels[v], out var list))
                {
                    byLabel[labels[v]] = list = [];
                }

                list.Add(v);
            }
        }

        return byLabel;
    }

    private static double X(VolumeGeometry g, int v)
    {
        var plane = g.Columns * g.Rows;
        var k = v / plane;
        var j = (v - (k * plane)) / g.Columns;
        var i = v - (k * plane) - (j * g.Columns);
        return g.ToPatient(i, j, k).X;
    }

    private static (double X, double Y, double Z) Centroid(VolumeGeometry g, int[] voxels)
    {
        var plane = g.Columns * g.Rows;
        var points = voxels.Select(v => g.ToPatient(v % g.Columns, v % plane / g.Columns, v / plane)).ToList();
        return (points.Average(p => p.X), points.Average(p => p.Y), points.Average(p => p.Z));
    }

    private static double VoxelCm3(VolumeGeometry g) => g.Spacing.I * g.Spacing.J * g.Spacing.K / 1000.0;
}
