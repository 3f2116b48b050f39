using System.Text.Json.Nodes;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Inference.Tests.Manifest;

namespace DicomNode.Inference.Tests.Cascade;

public sealed class CascadeRunnerTests
{
    private static readonly InferenceSessionOptions Options = new() { IntraOpThreads = 2 };

    [Fact]
    public void Run_OnTheModelGrid_GivesTheKnownLabelsForEveryModelAndSeries()
    {
        // Source grid = model grid (16 × 16 × 8, fixed-size): resampling is the identity, labels are exact.
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);
        using var cache = new InferenceSessionCache();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, options: Options);

        CascadeResult result = runner.Run(Study(geometry, geometry, geometry));

        Assert.Empty(result.Skipped);
        Assert.Equal(
            ["test-bones DWI", "test-bones ADC", "test-bones T1IP", "test-metastases DWI", "test-metastases T1IP", "test-nodes DWI"],
            result.Outputs.Select(o => $"{o.Model.Id} {o.Sequence.ToManifestName()}"));
        Assert.Equal(["test-bones 1.0.0", "test-metastases 1.0.0", "test-nodes 1.0.0"], result.ModelsUsed.Select(m => m.ToString()));

        byte[] bones = SyntheticStudy.ExpectedBones(geometry, 4, 2);
        foreach (SequenceKind sequence in new[] { SequenceKind.Dwi, SequenceKind.Adc, SequenceKind.T1InPhase })
        {
            Assert.Equal(bones, result.Find("test-bones", sequence)!.Labels);
        }

        // Bright (q ≥ 3) and inside the parent's labels 1–4: q = 3 or 4 only.
        byte[] metastases = bones.Select(q => (byte)(q is 3 or 4 ? 1 : 0)).ToArray();
        Assert.Equal(metastases, result.Find("test-metastases", SequenceKind.Dwi)!.Labels);
        Assert.Equal(metastases, result.Find("test-metastases", SequenceKind.T1InPhase)!.Labels);

        // The same model file without a cascade fires on every bright voxel, q = 5…8 included.
        Assert.Equal(bones.Select(q => (byte)(q >= 3 ? 1 : 0)).ToArray(), result.Find("test-nodes", SequenceKind.Dwi)!.Labels);
    }

    [Fact]
    public void Run_InterpolatesEachSeriesOntoAModelGridOnce_AndEveryModelNormalizesItsOwnCopy()
    {
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);
        using var cache = new InferenceSessionCache();
        var counting = new CountingResampler();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, counting, options: Options);

        CascadeResult result = runner.Run(Study(geometry, geometry, geometry));

        // Six model runs on three series, all on one model grid: one interpolation per series.
        Assert.Equal(6, result.Outputs.Count);
        Assert.Equal(3, counting.Images);

        // The metastasis model fills its input outside the bone labels; the node model after it on the DWI still sees
        // every bright voxel, q = 5…8 included, so it was given the interpolated DWI, not the metastasis model's input.
        byte[] bones = SyntheticStudy.ExpectedBones(geometry, 4, 2);
        Assert.Equal(bones.Select(q => (byte)(q >= 3 ? 1 : 0)).ToArray(), result.Find("test-nodes", SequenceKind.Dwi)!.Labels);
    }

    [Fact]
    public void Run_OnAnObliqueSeries_ReturnsLabelsInThatSeriesOwnGeometry()
    {
        VolumeGeometry dwi = SyntheticStudy.Oblique(40, 36, 12, 1.2, 1.2, 3.5, 25);
        VolumeGeometry adc = SyntheticStudy.Axial(20, 20, 10, 2, 2, 4);
        VolumeGeometry t1 = SyntheticStudy.Oblique(48, 40, 16, 1, 1, 2.5, -15);
        using var cache = new InferenceSessionCache();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, options: Options);
        var study = new Dictionary<SequenceKind, ImageVolume>
        {
            [SequenceKind.Dwi] = SyntheticStudy.Image(dwi, 10, 6),
            [SequenceKind.Adc] = SyntheticStudy.Image(adc, 5, 5),
            [SequenceKind.T1InPhase] = SyntheticStudy.Image(t1, 12, 8),
        };

        CascadeResult result = runner.Run(study);

        foreach (CascadeOutput output in result.Outputs)
        {
            VolumeGeometry source = study[output.Sequence].Geometry;
            Assert.Equal((source.Columns, source.Rows, source.Slices), (output.Labels.Geometry.Columns, output.Labels.Geometry.Rows, output.Labels.Geometry.Slices));
            Assert.Equal(source.Affine, output.Labels.Geometry.Affine);
            Assert.Equal(source.VoxelCount, output.Labels.Labels.Length);
        }

        // The model grid (16 × 16 × 8) is coarser than the series and interpolation blends neighbouring
        // blocks into intermediate levels: labels agree except near block edges.
        Assert.InRange(Agreement(result.Find("test-bones", SequenceKind.Dwi)!.Labels, SyntheticStudy.ExpectedBones(dwi, 10, 6)), 0.8, 1.0);
        Assert.InRange(Agreement(result.Find("test-bones", SequenceKind.Adc)!.Labels, SyntheticStudy.ExpectedBones(adc, 5, 5)), 0.8, 1.0);
        Assert.InRange(Agreement(result.Find("test-bones", SequenceKind.T1InPhase)!.Labels, SyntheticStudy.ExpectedBones(t1, 12, 8)), 0.8, 1.0);

        foreach (SequenceKind sequence in new[] { SequenceKind.Dwi, SequenceKind.T1InPhase })
        {
            byte[] bones = result.Find("test-bones", sequence)!.Labels;
            byte[] metastases = result.Find("test-metastases", sequence)!.Labels;
            Assert.Contains(metastases, l => l == 1);
            for (int v = 0; v < metastases.Length; v++)
            {
                Assert.True(metastases[v] == 0 || bones[v] is >= 1 and <= 4, $"{sequence}: metastasis at voxel {v} outside the bone labels 1–4 (bone label {bones[v]})");
            }
        }
    }

    [Fact]
    public void Run_OnTwoStudies_ReusesTheSessionsAndReportsTimings()
    {
        using var cache = new InferenceSessionCache();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, options: Options);
        VolumeGeometry first = SyntheticStudy.Axial(16, 16, 8);
        VolumeGeometry second = SyntheticStudy.Oblique(30, 26, 10, 1.4, 1.4, 3, 10);

        CascadeResult one = runner.Run(Study(first, first, first));
        CascadeResult two = runner.Run(Study(second, second, second));

        // Two model files (the metastasis and node entries share one): two sessions for both studies.
        Assert.Equal(2, cache.SessionsCreated);
        foreach (CascadeResult result in new[] { one, two })
        {
            Assert.Equal(6, result.Outputs.Count);
            Assert.All(result.Outputs, o => Assert.True(o.Timings.Infer > TimeSpan.Zero && o.Timings.Resample > TimeSpan.Zero && o.Timings.Total > o.Timings.Infer));
            Assert.Equal(result.Outputs.Sum(o => o.Timings.Infer.Ticks), result.Timings.Infer.Ticks);
            Assert.True(result.Elapsed >= result.Timings.Total);
        }
    }

    [Fact]
    public void Run_WithAMissingModelOrSeries_RunsTheRestAndSaysWhatWasSkipped()
    {
        using var folder = new TempFolder();
        JsonObject json = TestManifest.Read();
        TestManifest.Model(json, "test-bones")["file"] = "pelvic-bones-not-trained-yet.onnx";
        ModelManifest manifest = ModelManifest.Load(TestManifest.Write(folder, json));
        using var cache = new InferenceSessionCache();
        var runner = new CascadeRunner(manifest, cache, options: Options);
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);

        CascadeResult result = runner.Run(new Dictionary<SequenceKind, ImageVolume> { [SequenceKind.Dwi] = SyntheticStudy.Image(geometry, 4, 2) });

        Assert.Equal(["test-nodes"], result.Outputs.Select(o => o.Model.Id));
        Assert.Equal(
        [
            "test-bones DWI: model 'test-bones' 1.0.0: file 'pelvic-bones-not-trained-yet.onnx' not found at " + folder.File("pelvic-bones-not-trained-yet.onnx"),
            "test-bones ADC: model 'test-bones' 1.0.0: file 'pelvic-bones-not-trained-yet.onnx' not found at " + folder.File("pelvic-bones-not-trained-yet.onnx"),
            "test-bones T1IP: model 'test-bones' 1.0.0: file 'pelvic-bones-not-trained-yet.onnx' not found at " + folder.File("pelvic-bones-not-trained-yet.onnx"),
            "test-metastases DWI: cascade parent 'test-bones' did not run on DWI",
            "test-metastases T1IP: no T1IP series in the study",
        ], result.Skipped.Select(s => $"{s.ModelId} {s.Sequence.ToManifestName()}: {s.Reason}"));
    }

    [Fact]
    public void Run_WithAnEmptyManifest_DoesNothing()
    {
        using var cache = new InferenceSessionCache();
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);

        CascadeResult result = new CascadeRunner(ModelManifest.Empty, cache).Run(Study(geometry, geometry, geometry));

        Assert.Empty(result.Outputs);
        Assert.Empty(result.Skipped);
        Assert.Equal(0, cache.SessionsCreated);
    }

    [Fact]
    public void Run_SharingTheBonesOfOneAcquisition_GivesDwiAndAdcOneSegmentationFromBothImages()
    {
        // DWI and ADC on one grid but showing different level patterns (blocks of 4 and of 2 voxels): where the two
        // agree, both models' scores peak at that level and so does the pooled score; elsewhere they are weighed.
        VolumeGeometry geometry = SyntheticStudy.Axial(16, 16, 8);
        var study = Study(geometry, geometry, geometry);
        study[SequenceKind.Adc] = SyntheticStudy.Image(geometry, 2, 2, offset: 400, step: 150);
        var logger = new ListLogger();
        using var cache = new InferenceSessionCache();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, options: Options, logger: logger);

        CascadeResult result = runner.Run(study, new ScoreSharing(new HashSet<string> { "test-bones" }, [[SequenceKind.Dwi, SequenceKind.Adc]]));

        Assert.Empty(result.Skipped);
        Assert.Equal(
            ["test-bones DWI", "test-bones ADC", "test-bones T1IP", "test-metastases DWI", "test-metastases T1IP", "test-nodes DWI"],
            result.Outputs.Select(o => $"{o.Model.Id} {o.Sequence.ToManifestName()}"));
        Assert.Equal(
            ["DWI+ADC", "DWI+ADC", "T1IP", "DWI", "T1IP", "DWI"],
            result.Outputs.Select(o => string.Join('+', o.ScoresFrom.Select(s => s.ToManifestName()))));

        byte[] dwi = result.Find("test-bones", SequenceKind.Dwi)!.Labels, adc = result.Find("test-bones", SequenceKind.Adc)!.Labels;
        Assert.Equal(dwi, adc);
        byte[] ownDwi = SyntheticStudy.ExpectedBones(geometry, 4, 2), ownAdc = SyntheticStudy.ExpectedBones(geometry, 2, 2);
        int agreeing = 0, decidedByAdc = 0;
        for (int v = 0; v < dwi.Length; v++)
        {
            if (ownDwi[v] == ownAdc[v])
            {
                agreeing++;
                Assert.Equal(ownDwi[v], dwi[v]);
            }
            else if (dwi[v] != ownDwi[v])
            {
                decidedByAdc++;
            }
        }

        Assert.InRange(agreeing, 1, dwi.Length - 1);
        Assert.True(decidedByAdc > 0, "the pooled bones never departed from the DWI's own labels");

        // The T1 in-phase series, another acquisition, keeps its own. The DWI metastases are the DWI's bright voxels
        // (level 3 and up) inside the shared bones' labels 1–4.
        Assert.Equal(SyntheticStudy.ExpectedBones(geometry, 4, 2), result.Find("test-bones", SequenceKind.T1InPhase)!.Labels);
        Assert.Equal(
            dwi.Select((q, v) => (byte)(q is >= 1 and <= 4 && ownDwi[v] >= 3 ? 1 : 0)).ToArray(),
            result.Find("test-metastases", SequenceKind.Dwi)!.Labels);
        Assert.Contains(logger.Lines, l => l.Contains("test-bones on DWI: labels from its probabilities on DWI and ADC, pooled", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_SharingTheBonesOfSeriesOnDifferentGrids_SegmentsEachOnItsOwnAndSaysWhy()
    {
        VolumeGeometry dwi = SyntheticStudy.Axial(16, 16, 8), adc = SyntheticStudy.Axial(16, 16, 8, oz: 42);
        var logger = new ListLogger();
        using var cache = new InferenceSessionCache();
        var runner = new CascadeRunner(ModelManifest.Load(TestManifest.CommittedPath), cache, options: Options, logger: logger);

        CascadeResult result = runner.Run(Study(dwi, adc, dwi), new ScoreSharing(new HashSet<string> { "test-bones" }, [[SequenceKind.Dwi, SequenceKind.Adc]]));

        Assert.All(result.Outputs, o => Assert.Equal([o.Sequence], o.ScoresFrom));
        Assert.Equal(SyntheticStudy.ExpectedBones(dwi, 4, 2), result.Find("test-bones", SequenceKind.Dwi)!.Labels);
        Assert.Contains(logger.Lines, l => l == "Information: Model test-bones: DWI and ADC are not on one voxel grid, so each is segmented on its own");
    }

    [Fact]
    public void Pool_WeighsTheSeriesAsIndependentEvidence()
    {
        // Softmax: the mean log-probability per class. Voxel 0: sure of class 0 and unsure; voxel 1: two opposite views.
        float[] first = [0.9f, 0.5f, 0.1f, 0.5f], second = [0.4f, 0.2f, 0.6f, 0.8f];
        Tensor softmax = CascadeRunner.Pool([first, second], [1, 2, 1, 1, 2], ModelOutputKind.Softmax);
        float[] expected = [(MathF.Log(0.9f) + MathF.Log(0.4f)) / 2, (MathF.Log(0.5f) + MathF.Log(0.2f)) / 2, (MathF.Log(0.1f) + MathF.Log(0.6f)) / 2, (MathF.Log(0.5f) + MathF.Log(0.8f)) / 2];
        Assert.Equal(expected, softmax.Data, (a, b) => Math.Abs(a - b) < 1e-6f);
        Assert.Equal([1, 2, 1, 1, 2], softmax.Shape);

        // Sigmoid: the sigmoid of the mean log-odds, so a sure 0.99 against an unsure 0.5 stays far above 0.5 (0.909),
        // and two opposite views of equal strength meet at 0.5.
        Tensor sigmoid = CascadeRunner.Pool([[0.99f, 0.8f], [0.5f, 0.2f]], [1, 1, 1, 1, 2], ModelOutputKind.Sigmoid);
        Assert.Equal(0.909f, sigmoid.Data[0], 0.001f);
        Assert.Equal(0.5f, sigmoid.Data[1], 0.0001f);
    }

    /// <summary>Counts the images interpolated.</summary>
    private sealed class CountingResampler : IVolumeResampler
    {
        public int Images { get; private set; }

        public ImageVolume ResampleImage(ImageVolume source, VolumeGeometry target)
        {
            Images++;
            return ImagingResampler.Instance.ResampleImage(source, target);
        }

        public LabelVolume ResampleLabels(LabelVolume source, VolumeGeometry target) => ImagingResampler.Instance.ResampleLabels(source, target);
    }

    private static Dictionary<SequenceKind, ImageVolume> Study(VolumeGeometry dwi, VolumeGeometry adc, VolumeGeometry t1) => new()
    {
        [SequenceKind.Dwi] = SyntheticStudy.Image(dwi, 4, 2),
        [SequenceKind.Adc] = SyntheticStudy.Image(adc, 4, 2, offset: 400, step: 150),
        [SequenceKind.T1InPhase] = SyntheticStudy.Image(t1, 4, 2, offset: -3, step: 0.5f),
    };

    private static double Agreement(byte[] actual, byte[] expected) =>
        (double)actual.Zip(expected).Count(p => p.First == p.Second) / actual.Length;
}
