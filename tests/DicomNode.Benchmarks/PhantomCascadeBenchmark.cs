using System.Diagnostics;
using System.Globalization;
using DicomNode.Imaging;
using DicomNode.Inference;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Inference.Tests.Cascade;
using DicomNode.Phantom;

namespace DicomNode.Benchmarks;

/// <summary>
/// Issue 21's inference benchmark: the cascade on a generated phantom study, per model and stage, with the
/// demonstration models (phantom-trained, not for clinical use) and with the paper-size reference U-Net
/// (models/training/export_benchmark_unet.py; untrained, benchmarks only) whole-volume and by sliding window, on the
/// provider asked for. Then the paper-size model's sliding window against its whole-volume run on the same grid:
/// the maximum score difference and the mean Dice of the labels.
/// </summary>
internal static class PhantomCascadeBenchmark
{
    public static int Run(string repository, string? paperFolder, ExecutionProvider provider, int runs, bool compareOnly = false, int intraOpThreads = 0,
        int concurrentRuns = 1)
    {
        string folder = Directory.CreateTempSubdirectory("dicomnode-phantom-bench-").FullName;
        try
        {
            const int Seed = 10003;
            string study = PhantomGenerator.Generate(Seed, PhantomGenerator.ProfileForSeed(Seed), folder);
            string[] files = Directory.GetFiles(Path.Combine(study, "dicom"), "*.dcm", SearchOption.AllDirectories);
            StudyInputs inputs = StudyInputs.LoadAsync(files).GetAwaiter().GetResult();
            var options = new InferenceSessionOptions { Provider = provider, IntraOpThreads = intraOpThreads };
            using var cache = new InferenceSessionCache();
            OnnxRuntimeEnvironment environment = OnnxRuntimeEnvironment.GetOrCreate();
            string series = string.Join(", ", inputs.Volumes.Select(v => $"{v.Key.ToManifestName()} {v.Value.Geometry.Columns}×{v.Value.Geometry.Rows}×{v.Value.Geometry.Slices}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ONNX Runtime {environment.Version} ({environment.NativeFolder}), provider asked for: {provider.ToString().ToLowerInvariant()}; {Environment.ProcessorCount} logical CPUs; phantom seed {Seed}: {series}"));

            if (compareOnly && paperFolder is not null)
            {
                Compare(ModelManifest.Load(Path.Combine(paperFolder, "models.json")), cache, options, inputs.Volumes[SequenceKind.Dwi]);
                return 0;
            }

            ModelManifest demonstration = ModelManifest.Load(Path.Combine(repository, "models", "models.json"));
            Table("demonstration models (phantom-trained, not for clinical use)", new CascadeRunner(demonstration, cache, options: options, concurrentRuns: concurrentRuns),
                inputs.Volumes, runs);

            if (paperFolder is null)
            {
                return 0;
            }

            ModelManifest paper = ModelManifest.Load(Path.Combine(paperFolder, "models.json"));
            var dwi = new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = inputs.Volumes[SequenceKind.Dwi] };
            Table("paper-size U-Net (untrained, benchmarks only), whole volume and sliding window", new CascadeRunner(paper, cache, options: options, concurrentRuns: concurrentRuns), dwi, runs);
            Compare(paper, cache, options, dwi[SequenceKind.Dwi]);
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Peak resident memory of the paper-size model by sliding window on a D×H×W grid (one process per measure: the
    /// figure is the process's high-water mark, /proc/self/status VmHWM).
    /// </summary>
    public static int Rss(string paperFolder, ExecutionProvider provider, int depth, int height, int width, double overlap)
    {
        ModelManifest paper = ModelManifest.Load(Path.Combine(paperFolder, "models.json"));
        ModelEntry model = paper.Find("paper-unet-patches") ?? throw new InvalidOperationException("no paper-unet-patches in the manifest");
        SlidingWindow window = model.SlidingWindow! with { Overlap = overlap };
        var grid = new ModelGrid(depth, height, width, GridSpacingPolicy.FixedSize);
        long before = PeakRssKb();
        using InferenceSession session = InferenceSession.Create(model.FilePath, new InferenceSessionOptions { Provider = provider });
        var input = new float[grid.VoxelCount];
        var random = new Random(1);
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        var clock = Stopwatch.StartNew();
        Tensor scores = SlidingWindowInference.Run(session, model.InputName, input, grid, window, model.Output.Channels);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"grid {depth}×{height}×{width}, {window}, on {session.Device}: {clock.Elapsed.TotalSeconds:F1} s; peak RSS {PeakRssKb() / 1024.0:F0} MiB (before the session {before / 1024.0:F0} MiB; grid input {input.Length * 4 / 1048576.0:F0} MiB, scores {scores.Data.Length * 4 / 1048576.0:F0} MiB)"));
        return 0;
    }

    private static void Table(string title, CascadeRunner runner, IReadOnlyDictionary<SequenceKind, ImageVolume> volumes, int runs)
    {
        CascadeResult first = runner.Run(volumes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: first study (sessions created), {runner.ConcurrentRuns} model runs at once, study {first.Elapsed.TotalMilliseconds:F0} ms; ms per run"));
        Print(first.Outputs.Select(o => (o, o.Timings)));
        if (runs < 1)
        {
            return;
        }

        var sums = new Dictionary<(string, SequenceKind), StageTimings>();
        CascadeResult last = first;
        var studies = new List<double>();
        for (int r = 0; r < runs; r++)
        {
            last = runner.Run(volumes);
            studies.Add(last.Elapsed.TotalMilliseconds);
            foreach (CascadeOutput output in last.Outputs)
            {
                sums[(output.Model.Id, output.Sequence)] = sums.GetValueOrDefault((output.Model.Id, output.Sequence), StageTimings.Zero) + output.Timings;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: mean of {runs} further studies (sessions cached), study {string.Join(", ", studies.Select(s => s.ToString("F0", CultureInfo.InvariantCulture)))} ms; ms per run"));
        Print(last.Outputs.Select(o => (o, Divide(sums[(o.Model.Id, o.Sequence)], runs))));
    }

    private static void Print(IEnumerable<(CascadeOutput Output, StageTimings Timings)> rows)
    {
        Console.WriteLine("| model | series | runs on | load | resample | normalize | infer | post-process | total |");
        Console.WriteLine("|---|---|---|---:|---:|---:|---:|---:|---:|");
        foreach ((CascadeOutput o, StageTimings t) in rows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {o.Model.Id} | {o.Sequence.ToManifestName()} | {o.Runtime} | {t.Load.TotalMilliseconds:F0} | {t.Resample.TotalMilliseconds:F0} | {t.Normalize.TotalMilliseconds:F0} | {t.Infer.TotalMilliseconds:F0} | {t.PostProcess.TotalMilliseconds:F0} | {t.Total.TotalMilliseconds:F0} |"));
        }
    }

    /// <summary>The paper-size model on the DWI's model grid: whole volume against patches (Gaussian with overlap; constant without).</summary>
    private static void Compare(ModelManifest paper, InferenceSessionCache cache, InferenceSessionOptions options, ImageVolume dwi)
    {
        ModelEntry model = paper.Find("paper-unet-patches")!;
        InferenceSession session = cache.GetOrCreate(model.FilePath, options);
        float[] input = ImagingResampler.Instance.ResampleImage(dwi, ModelGridPlanner.Plan(dwi.Geometry, model.Grid)).Voxels;
        ImagingNormalizer.Instance.Normalize(input, model.Normalization);
        int channels = model.Output.Channels;
        Tensor whole = session.Run(model.InputName, new Tensor(input, model.Grid.TensorShape()));
        byte[] wholeLabels = LabelAgreement.Argmax(whole, channels);
        foreach (SlidingWindow window in new[] { model.SlidingWindow!, model.SlidingWindow! with { Overlap = 0, Blending = WindowBlending.Constant } })
        {
            Tensor patched = SlidingWindowInference.Run(session, model.InputName, input, model.Grid, window, channels);
            float max = 0;
            for (int i = 0; i < whole.Data.Length; i++)
            {
                max = MathF.Max(max, MathF.Abs(whole.Data[i] - patched.Data[i]));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"paper-size U-Net on {model.Grid.Depth}×{model.Grid.Height}×{model.Grid.Width}, {window} vs whole volume: max |Δscore| {max:F4}, mean DSC of the labels {LabelAgreement.MeanDice(wholeLabels, LabelAgreement.Argmax(patched, channels), channels):F4}"));
        }
    }

    private static StageTimings Divide(StageTimings t, int n) => new(t.Load / n, t.Resample / n, t.Normalize / n, t.Infer / n, t.PostProcess / n);

    private static long PeakRssKb()
    {
        const string Status = "/proc/self/status";
        if (!File.Exists(Status))
        {
            return Environment.WorkingSet / 1024;
        }

        string line = File.ReadLines(Status).First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
