using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Inference;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;

namespace DicomNode.Benchmarks;

/// <summary>
/// Times the cascade on CPU with the reference U-Net (tests/DicomNode.Inference.Tests/Models) as
/// two models — a 3-class "parent" and a child cascaded inside its labels 1–2 — on a synthetic
/// oblique DWI-like series: inference per model, and the overhead (load, resample, normalize,
/// post-process) as a fraction of inference.
/// </summary>
internal static class CascadeBenchmark
{
    public static int Run(string modelPath, int depth, int height, int width, int runs)
    {
        string folder = Directory.CreateTempSubdirectory("dicomnode-cascade-bench-").FullName;
        try
        {
            File.Copy(modelPath, Path.Combine(folder, "unet.onnx"));
            string manifestPath = Path.Combine(folder, "models.json");
            File.WriteAllText(manifestPath, Manifest(ModelManifest.ComputeSha256(modelPath), depth, height, width));
            ModelManifest manifest = ModelManifest.Load(manifestPath);

            // A DWI-like series: 30° oblique, 1.6 × 1.6 × 4 mm, a smooth blob pattern.
            var source = new VolumeGeometry(width * 3 / 2, height * 3 / 2, depth * 3 / 4,
                [1.6, 0, 0, -150, 0, 1.6 * Math.Cos(0.52), -4 * Math.Sin(0.52), -120, 0, 1.6 * Math.Sin(0.52), 4 * Math.Cos(0.52), -60, 0, 0, 0, 1]);
            var voxels = new float[source.VoxelCount];
            for (int k = 0; k < source.Slices; k++)
            {
                for (int j = 0; j < source.Rows; j++)
                {
                    for (int i = 0; i < source.Columns; i++)
                    {
                        voxels[source.IndexOf(i, j, k)] = (float)(500 + (300 * Math.Sin(i * 0.11) * Math.Cos(j * 0.07)) + (40 * Math.Sin(k * 0.5)));
                    }
                }
            }

            var study = new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = new(source, voxels) };
            using var cache = new InferenceSessionCache();
            var runner = new CascadeRunner(manifest, cache, options: new InferenceSessionOptions());
            Console.WriteLine(FormattableString.Invariant(
                $"source {source.Columns}×{source.Rows}×{source.Slices} (oblique), model grid {width}×{height}×{depth} (W×H×D), {Environment.ProcessorCount} logical CPUs, {runs} runs after the first"));

            CascadeResult first = runner.Run(study);
            Print("first study (session load included)", first);
            var totals = new Dictionary<string, StageTimings>();
            var clock = Stopwatch.StartNew();
            for (int r = 0; r < runs; r++)
            {
                foreach (CascadeOutput output in runner.Run(study).Outputs)
                {
                    totals[output.Model.Id] = totals.GetValueOrDefault(output.Model.Id, StageTimings.Zero) + output.Timings;
                }
            }

            Console.WriteLine(FormattableString.Invariant($"mean over {runs} further studies (sessions cached; {clock.Elapsed.TotalMilliseconds / runs:F0} ms per study):"));
            StageTimings all = StageTimings.Zero;
            foreach ((string id, StageTimings sum) in totals)
            {
                StageTimings mean = Divide(sum, runs);
                all += mean;
                Console.WriteLine(FormattableString.Invariant($"  {id}: {mean}; overhead {mean.Overhead.TotalMilliseconds:F1} ms = {mean.Overhead / mean.Infer:P1} of inference"));
            }

            Console.WriteLine(FormattableString.Invariant($"  cascade: inference {all.Infer.TotalMilliseconds:F1} ms, overhead {all.Overhead.TotalMilliseconds:F1} ms = {all.Overhead / all.Infer:P1} of inference"));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Print(string title, CascadeResult result)
    {
        Console.WriteLine($"{title}:");
        foreach (CascadeOutput output in result.Outputs)
        {
            Console.WriteLine(FormattableString.Invariant($"  {output.Model.Id}: {output.Timings}; overhead {output.Timings.Overhead / output.Timings.Infer:P1} of inference"));
        }
    }

    private static StageTimings Divide(StageTimings t, int n) => new(t.Load / n, t.Resample / n, t.Normalize / n, t.Infer / n, t.PostProcess / n);

    private static string Manifest(string sha256, int depth, int height, int width)
    {
        object Entry(string id, object? cascade) => new Dictionary<string, object?>
        {
            ["id"] = id, ["version"] = "bench", ["file"] = "unet.onnx", ["sha256"] = sha256, ["input"] = "image",
            ["grid"] = new { size = new[] { depth, height, width }, policy = "fixed-size" },
            ["normalization"] = id == "parent" ? new { method = "minmax" } : new { method = "percentile", lower = 0.5, upper = 99.5 },
            ["output"] = new { kind = "softmax", classes = 3 },
            ["labels"] = new[] { 1, 2 }.Select(v => new { value = v, name = "class " + v.ToString(CultureInfo.InvariantCulture), code = new { value = "0", scheme = "99TEST", meaning = "test" } }),
            ["appliesTo"] = new[] { "DWI" },
            ["cascade"] = cascade,
        };
        return JsonSerializer.Serialize(new
        {
            schemaVersion = 1,
            models = new[] { Entry("parent", null), Entry("child", new { model = "parent", labels = new[] { 1, 2 } }) },
        });
    }
}
