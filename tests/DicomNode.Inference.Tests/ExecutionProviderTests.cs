using System.Runtime.InteropServices;

namespace DicomNode.Inference.Tests;

/// <summary>
/// Provider choice on the runtime the build restored: on linux-x64 the GPU package (CUDA and TensorRT providers
/// inside, the NVIDIA libraries they need not installed on a machine without a GPU), elsewhere the CPU package.
/// </summary>
public sealed class ExecutionProviderTests
{
    private readonly ITestOutputHelper _output;

    public ExecutionProviderTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private static bool GpuPackage => OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    [Fact]
    public void TheGpuPackage_HasTheCudaAndTensorRtProviders_AndRunsOnTheCpuWithoutThem()
    {
        OnnxRuntimeEnvironment environment = OnnxRuntimeEnvironment.GetOrCreate();
        _output.WriteLine($"ONNX Runtime {environment.Version} from {environment.NativeFolder}: {string.Join(", ", environment.AvailableProviders)}");

        Assert.StartsWith("1.32.", environment.Version, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", environment.AvailableProviders);
        if (GpuPackage)
        {
            Assert.Contains("CUDAExecutionProvider", environment.AvailableProviders);
            Assert.Contains("TensorrtExecutionProvider", environment.AvailableProviders);
        }

        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);
        ReferenceCase reference = ReferenceModel.Load("small");
        Assert.Equal("CPU", session.Device);
        Assert.True(ReferenceModel.MaxAbsDifference(session.Run(reference.InputName, reference.Input).Data, reference.ExpectedOutput.Data) <= 1e-4f);
    }

    [Fact]
    public void Cuda_WithoutTheNvidiaLibraries_FailsNamingEachMissingLibraryAndHowToInstallIt()
    {
        if (GpuLibraries.Missing(ExecutionProvider.Cuda).Count == 0)
        {
            _output.WriteLine("every CUDA library loads on this machine: nothing to check");
            return;
        }

        var options = new InferenceSessionOptions { Provider = ExecutionProvider.Cuda };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => InferenceSession.Create(ReferenceModel.OnnxPath, options));

        _output.WriteLine(error.Message);
        Assert.Equal(ExecutionProvider.Cuda, error.Provider);
        Assert.StartsWith("CUDA requested but ", error.Message, StringComparison.Ordinal);
        if (!GpuPackage)
        {
            Assert.Contains("has no CUDAExecutionProvider", error.Message, StringComparison.Ordinal);
            return;
        }

        foreach ((string library, _) in GpuLibraries.Missing(ExecutionProvider.Cuda))
        {
            Assert.Contains(library, error.Message, StringComparison.Ordinal);
        }

        Assert.Contains("cuDNN 9", error.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA 13", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_WhenTheProviderLibraryItselfFailsToLoad_PassesOnWhatOnnxRuntimeSaid()
    {
        if (!GpuPackage || GpuLibraries.Missing(ExecutionProvider.Cuda).Count == 0)
        {
            return;
        }

        // The check is told every library loads, so ONNX Runtime itself tries libonnxruntime_providers_cuda.so and fails.
        var options = new InferenceSessionOptions { Provider = ExecutionProvider.Cuda };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() =>
            InferenceSession.Create(ReferenceModel.OnnxPath, options, environment: null, logger: null, canLoad: _ => true));

        _output.WriteLine(error.Message);
        Assert.Contains("could not load its CUDA provider", error.Message, StringComparison.Ordinal);

        // The loader's own words name the library that stopped it.
        Assert.Matches(@"lib[A-Za-z]+\.so\.\d+: cannot open shared object file", error.Message);
    }

    [Fact]
    public void TensorRt_AlsoNamesTheTensorRtLibraries()
    {
        if (!GpuPackage || GpuLibraries.Missing(ExecutionProvider.TensorRt).Count == 0)
        {
            return;
        }

        var options = new InferenceSessionOptions { Provider = ExecutionProvider.TensorRt };

        var error = Assert.Throws<ExecutionProviderUnavailableException>(() => InferenceSession.Create(ReferenceModel.OnnxPath, options));

        _output.WriteLine(error.Message);
        Assert.Equal(ExecutionProvider.TensorRt, error.Provider);
        Assert.Contains("libnvinfer.so.10", error.Message, StringComparison.Ordinal);
        Assert.Contains("TensorRT 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_WithoutCuda_FallsBackToCpu_LogsWhy_AndKeepsTheReason()
    {
        if (GpuLibraries.Missing(ExecutionProvider.Cuda).Count == 0)
        {
            return;
        }

        var logger = new ListLogger();
        var options = new InferenceSessionOptions { Provider = ExecutionProvider.Auto };

        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath, options, logger: logger);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.NotNull(session.FallbackReason);
        Assert.StartsWith("CUDA requested but ", session.FallbackReason, StringComparison.Ordinal);
        Assert.Contains(logger.Lines, line => line.StartsWith("Warning:", StringComparison.Ordinal) && line.Contains("provider Cuda not used", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, line => line.Contains("execution provider Cpu (auto: no GPU provider could be used)", StringComparison.Ordinal));
        ReferenceCase reference = ReferenceModel.Load("small");
        Assert.True(ReferenceModel.MaxAbsDifference(session.Run(reference.InputName, reference.Input).Data, reference.ExpectedOutput.Data) <= 1e-4f);
    }

    [Fact]
    public void Cpu_HasNoFallbackReason_AndNamesTheRuntimeVersion()
    {
        using InferenceSession cpu = InferenceSession.Create(ReferenceModel.OnnxPath);

        Assert.Equal(ExecutionProvider.Cpu, cpu.Provider);
        Assert.Null(cpu.FallbackReason);
        Assert.Equal("1.32.0", cpu.RuntimeVersion);
    }

    [Fact]
    public void Cpu_IsLoggedAsTheConfiguredChoice()
    {
        var logger = new ListLogger();

        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath, logger: logger);

        Assert.Contains(logger.Lines, line => line.Contains("execution provider Cpu (configured)", StringComparison.Ordinal));
    }
}
