using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom;
using DicomNode.Reporting.Inputs;
using DicomNode.Workflow.Pipeline;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// The DWI series and its ADC map are one acquisition (one frame of reference, one voxel grid), and the pipeline gives
/// them one bone segmentation, from the bone model's probabilities on both; another frame of reference, or the option
/// switched off, segments each on its own. Runs the shipped demonstration models (trained on synthetic phantoms, not
/// for clinical use) on one held-out phantom study.
/// </summary>
public sealed class AcquisitionBonesTests : IDisposable
{
    private const int Seed = 10002;
    private const string Shared = "DWI and ADC (one acquisition, one voxel grid) labelled from the normalized geometric mean of the model's probabilities on both";

    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-acquisition-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ByDefault_DwiAndAdcGetTheSameBones_AndTheirSegsSaySo()
    {
        string study = PhantomGenerator.Generate(Seed, PhantomGenerator.ProfileForSeed(Seed), Path.Combine(_folder, "phantoms"));

        StudyPipelineResult result = await RunAsync(study, new StudyPipelineOptions { WriteFindingsFiles = false });

        Assert.Null(result.FailureReason);
        byte[] dwi = result.Cascade!.Find("pelvic-bones", SequenceKind.Dwi)!.Labels;
        Assert.Equal(dwi, result.Cascade.Find("pelvic-bones", SequenceKind.Adc)!.Labels);
        Assert.Contains(dwi, label => label > 0);
        Assert.All(BoneAlgorithmParameters(result), p => Assert.EndsWith(Shared, p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnAdcMapInAnotherFrameOfReference_IsSegmentedOnItsOwn()
    {
        string study = PhantomGenerator.Generate(Seed, PhantomGenerator.ProfileForSeed(Seed), Path.Combine(_folder, "phantoms"));
        string adcFolder = Directory.GetDirectories(Path.Combine(study, "dicom")).Single(d => Path.GetFileName(d).Contains("ADC", StringComparison.Ordinal));
        foreach (string file in Directory.GetFiles(adcFolder))
        {
            DicomFile instance = Part10Reader.ReadFile(file);
            instance.Dataset.SetUid(DicomTags.FrameOfReferenceUID, "2.25.1234567890");
            Part10Writer.WriteFile(file, instance);
        }

        StudyPipelineResult result = await RunAsync(study, new StudyPipelineOptions { WriteFindingsFiles = false });

        AssertSegmentedApart(result);
    }

    [Fact]
    public async Task SwitchedOff_EachSeriesIsSegmentedOnItsOwn()
    {
        string study = PhantomGenerator.Generate(Seed, PhantomGenerator.ProfileForSeed(Seed), Path.Combine(_folder, "phantoms"));

        StudyPipelineResult result = await RunAsync(study, new StudyPipelineOptions { WriteFindingsFiles = false, ShareBonesWithinAcquisition = false });

        AssertSegmentedApart(result);
    }

    private static void AssertSegmentedApart(StudyPipelineResult result)
    {
        Assert.Null(result.FailureReason);
        Assert.All(result.Cascade!.Outputs, o => Assert.Equal([o.Sequence], o.ScoresFrom));
        Assert.NotEqual(
            result.Cascade.Find("pelvic-bones", SequenceKind.Dwi)!.Labels,
            result.Cascade.Find("pelvic-bones", SequenceKind.Adc)!.Labels);
        Assert.All(BoneAlgorithmParameters(result), p => Assert.DoesNotContain("one acquisition", p, StringComparison.Ordinal));
    }

    private async Task<StudyPipelineResult> RunAsync(string study, StudyPipelineOptions options)
    {
        ModelManifest manifest = ModelManifest.Load(Path.Combine(MetastasisModelsTests.RepositoryRoot(), "models", "models.json"));
        using var sessions = new InferenceSessionCache();
        var writer = new StudyResultWriter(
            new NodeIdentity("DicomNode", "DicomNode", "TEST", "0.1.0", "2.25.1", "DICOMNODE"), new DicomUidGenerator(), notice: null);
        var pipeline = new StudyPipeline(manifest, sessions, writer, options);
        string[] files = Directory.GetFiles(Path.Combine(study, "dicom"), "*.dcm", SearchOption.AllDirectories);
        return await pipeline.RunAsync(files, Path.Combine(_folder, "out", Guid.NewGuid().ToString("N")));
    }

    /// <summary>Algorithm Parameters of every bone segment in the SEGs written: the bone model's segments carry its id.</summary>
    private static List<string> BoneAlgorithmParameters(StudyPipelineResult result)
    {
        var parameters = new List<string>();
        foreach (DicomDataset seg in result.Files.Select(f => Part10Reader.ReadFile(f).Dataset).Where(d => d.GetString(DicomTags.Modality) == "SEG"))
        {
            foreach (DicomDataset segment in seg.GetSequence(DicomTags.SegmentSequence)!.Items)
            {
                DicomDataset algorithm = segment.GetSequence(DicomTags.SegmentationAlgorithmIdentificationSequence)!.Items[0];
                if (algorithm.GetString(DicomTags.AlgorithmName) == "pelvic-bones")
                {
                    parameters.Add(algorithm.GetString(DicomTags.AlgorithmParameters)!);
                }
            }
        }

        Assert.NotEmpty(parameters);
        return parameters;
    }
}
