namespace DicomNode.Inference.Tests;

/// <summary>
/// Provider choice against the library the build fetched (onnxruntime-node's CPU-only files:
/// its CUDA provider library is not shipped in the package).
/// </summary>
public sealed class ExecutionProviderTests
{
    private readonly ITestOutputHelper _output;

    public ExecutionProviderTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Cuda_OnCpuOnlyRuntime_ThrowsProviderUnavailableWithTheWayOut()
    {
        var options = new InferenceSessionOptions { Provider = ExecutionProvider.Cuda };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => InferenceSession.Create(ReferenceModel.OnnxPath, options));

        _output.WriteLine(error.Message);
        Assert.Equal(ExecutionProvider.Cuda, error.Provider);
        Assert.StartsWith("CUDA requested but this ONNX Runtime build", error.Message, StringComparison.Ordinal);
        Assert.Contains("DICOMNODE_ONNXRUNTIME_PATH or choose cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_OnCpuOnlyRuntime_FallsBackToCpuAndLogsWhy()
    {
        var logger = new ListLogger();
        var options = new InferenceSessionOptions { Provider = ExecutionProvider.Auto };

        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath, options, logger: logger);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Contains(logger.Lines, line => line.StartsWith("Warning:", StringComparison.Ordinal) && line.Contains("provider Cuda not used", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("execution provider Cpu (auto", StringComparison.Ordinal));
        ReferenceCase reference = ReferenceModel.Load("small");
        Assert.True(ReferenceModel.MaxAbsDifference(session.Run(reference.InputName, reference.Input).Data, reference.ExpectedOutput.Data) <= 1e-4f);
    }

    [Fact]
    public void DirectMl_OffWindows_ThrowsProviderUnavailable()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var options = new InferenceSessionOptions { Provider = ExecutionProvider.DirectMl };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => InferenceSession.Create(ReferenceModel.OnnxPath, options));

        Assert.Equal(ExecutionProvider.DirectMl, error.Provider);
    }

    [Fact]
    public void Cpu_IsLoggedAsTheConfiguredChoice()
    {
        var logger = new ListLogger();

        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath, logger: logger);

        Assert.Contains(logger.Lines, line => line.Contains("execution provider Cpu (configured)", StringComparison.Ordinal));
    }
}
