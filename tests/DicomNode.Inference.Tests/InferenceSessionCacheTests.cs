namespace DicomNode.Inference.Tests;

public sealed class InferenceSessionCacheTests
{
    [Fact]
    public void GetOrCreate_SameModelAndOptions_ReusesOneSessionAcrossJobs()
    {
        ReferenceCase reference = ReferenceModel.Load("small");
        using var cache = new InferenceSessionCache();
        var options = new InferenceSessionOptions { IntraOpThreads = 2 };
        var seen = new System.Collections.Concurrent.ConcurrentBag<InferenceSession>();

        // Twelve "jobs", four at a time, each asking the cache for the model and running it.
        Parallel.For(0, 12, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            InferenceSession session = cache.GetOrCreate(ReferenceModel.OnnxPath, options with { });
            seen.Add(session);
            Tensor output = session.Run(reference.InputName, reference.Input);
            Assert.True(ReferenceModel.MaxAbsDifference(output.Data, reference.ExpectedOutput.Data) <= 1e-4f);
        });

        Assert.Equal(1, cache.SessionsCreated);
        Assert.Single(seen.Distinct());
    }

    [Fact]
    public void GetOrCreate_DifferentOptions_CreatesAnotherSession()
    {
        using var cache = new InferenceSessionCache();

        InferenceSession first = cache.GetOrCreate(ReferenceModel.OnnxPath, new InferenceSessionOptions { IntraOpThreads = 1 });
        InferenceSession second = cache.GetOrCreate(ReferenceModel.OnnxPath, new InferenceSessionOptions { IntraOpThreads = 2 });

        Assert.NotSame(first, second);
        Assert.Equal(2, cache.SessionsCreated);
    }

    [Fact]
    public void GetOrCreate_ModelReplacedOnDisk_CreatesANewSession()
    {
        using var folder = new TempFolder();
        string model = folder.File("model.onnx");
        File.Copy(ReferenceModel.OnnxPath, model);
        using var cache = new InferenceSessionCache();

        InferenceSession before = cache.GetOrCreate(model);
        File.SetLastWriteTimeUtc(model, File.GetLastWriteTimeUtc(model).AddMinutes(1));
        InferenceSession after = cache.GetOrCreate(model);

        Assert.NotSame(before, after);
        Assert.Same(after, cache.GetOrCreate(model));
        Assert.Equal(2, cache.SessionsCreated);
    }

    [Fact]
    public void GetOrCreate_WithWarmUpShape_RunsTheModelOnce()
    {
        var logger = new ListLogger();
        using var cache = new InferenceSessionCache(logger: logger);

        cache.GetOrCreate(ReferenceModel.OnnxPath, warmUpShape: [1, 1, 8, 32, 32]);
        cache.GetOrCreate(ReferenceModel.OnnxPath, warmUpShape: [1, 1, 8, 32, 32]);

        Assert.Single(logger.Lines, line => line.Contains("warmed up with shape [1,1,8,32,32]", StringComparison.Ordinal));
    }

    [Fact]
    public void GetOrCreate_CorruptModel_IsNotCached()
    {
        using var folder = new TempFolder();
        string model = folder.File("model.onnx");
        File.WriteAllBytes(model, [1, 2, 3, 4]);
        using var cache = new InferenceSessionCache();

        Assert.Throws<ModelLoadException>(() => cache.GetOrCreate(model));
        File.Copy(ReferenceModel.OnnxPath, model, overwrite: true);
        File.SetLastWriteTimeUtc(model, DateTime.UtcNow.AddMinutes(1));

        Assert.NotNull(cache.GetOrCreate(model));
        Assert.Equal(1, cache.SessionsCreated);
    }

    [Fact]
    public void GetOrCreate_MissingModel_ThrowsModelLoadException()
    {
        using var cache = new InferenceSessionCache();
        string missing = Path.Combine(ReferenceModel.Folder, "absent.onnx");

        var error = Assert.Throws<ModelLoadException>(() => cache.GetOrCreate(missing));

        Assert.Equal(missing, error.ModelPath);
    }
}
