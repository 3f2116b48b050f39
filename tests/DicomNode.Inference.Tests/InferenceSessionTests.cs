using System.Diagnostics;
using System.Globalization;

namespace DicomNode.Inference.Tests;

public sealed class InferenceSessionTests
{
    private readonly ITestOutputHelper _output;

    public InferenceSessionTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Theory]
    [InlineData("small")]
    [InlineData("dynamic")]
    public void Run_ReferenceInput_MatchesPyTorchWithin1e4(string caseName)
    {
        ReferenceCase reference = ReferenceModel.Load(caseName);
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);

        float[] output = session.Run(reference.InputName, reference.Input.Data, reference.Input.Shape, out long[] outputShape);

        Assert.Equal(reference.ExpectedOutput.Shape, outputShape);
        float maxDifference = ReferenceModel.MaxAbsDifference(output, reference.ExpectedOutput.Data);
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{caseName} {reference.Input}: max |ONNX Runtime - PyTorch| = {maxDifference:E2}"));
        Assert.True(maxDifference <= 1e-4f, $"max abs difference {maxDifference} exceeds 1e-4");
    }

    [Fact]
    public void Create_ReferenceModel_ReportsDynamicShapes()
    {
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);

        TensorMetadata input = Assert.Single(session.Inputs);
        TensorMetadata output = Assert.Single(session.Outputs);
        Assert.Equal("image", input.Name);
        Assert.Equal("[1,1,-1,-1,-1] float", input.ToString());
        Assert.Equal("probabilities", output.Name);
        Assert.Equal("[1,3,-1,-1,-1] float", output.ToString());
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
    }

    [Fact]
    public void Run_TwoShapesOnOneSession_EachMatchesItsReference()
    {
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);
        foreach (string caseName in new[] { "small", "dynamic", "small" })
        {
            ReferenceCase reference = ReferenceModel.Load(caseName);

            Tensor output = session.Run(reference.InputName, reference.Input);

            Assert.Equal(reference.ExpectedOutput.Shape, output.Shape);
            Assert.True(ReferenceModel.MaxAbsDifference(output.Data, reference.ExpectedOutput.Data) <= 1e-4f);
        }
    }

    [Fact]
    public void Run_ConcurrentlyOnOneSession_GivesTheSameResults()
    {
        ReferenceCase reference = ReferenceModel.Load("small");
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath, new InferenceSessionOptions { IntraOpThreads = 1 });

        Parallel.For(0, 8, _ =>
        {
            Tensor output = session.Run(reference.InputName, reference.Input);
            Assert.True(ReferenceModel.MaxAbsDifference(output.Data, reference.ExpectedOutput.Data) <= 1e-4f);
        });
    }

    [Fact]
    public void Create_MissingModel_ThrowsModelLoadExceptionNamingThePath()
    {
        using var folder = new TempFolder();
        string missing = folder.File("no-such-model.onnx");

        var error = Assert.Throws<ModelLoadException>(() => InferenceSession.Create(missing));

        Assert.Equal(missing, error.ModelPath);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RandomBytes_SaysNotAValidOnnxModel()
    {
        using var folder = new TempFolder();
        string corrupt = folder.File("random.onnx");
        var bytes = new byte[4096];
        new Random(1234).NextBytes(bytes);
        File.WriteAllBytes(corrupt, bytes);

        var error = Assert.Throws<ModelLoadException>(() => InferenceSession.Create(corrupt));

        _output.WriteLine(error.Message);
        Assert.Contains($"model {corrupt} is not a valid ONNX model: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);
    }

    [Fact]
    public void Create_TruncatedModel_ThrowsModelLoadException()
    {
        using var folder = new TempFolder();
        string truncated = folder.File("truncated.onnx");
        byte[] model = File.ReadAllBytes(ReferenceModel.OnnxPath);
        File.WriteAllBytes(truncated, model.AsSpan(0, model.Length / 2).ToArray());

        var error = Assert.Throws<ModelLoadException>(() => InferenceSession.Create(truncated));

        _output.WriteLine(error.Message);
        Assert.Equal(truncated, error.ModelPath);
        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongRank_ThrowsNamingInputExpectedAndActual()
    {
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);

        var error = Assert.Throws<ArgumentException>(() => session.Run("image", new float[8 * 32 * 32], [1, 8, 32, 32], out _));

        Assert.Contains("input 'image'", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected [1,1,-1,-1,-1] float, got [1,8,32,32] float", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_WrongChannelCount_ThrowsBeforeRunning()
    {
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);

        var error = Assert.Throws<ArgumentException>(() => session.Run("image", new float[2 * 8 * 16 * 16], [1, 2, 8, 16, 16], out _));

        Assert.Contains("expected [1,1,-1,-1,-1] float, got [1,2,8,16,16] float", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BufferShorterThanShape_Throws()
    {
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);

        var error = Assert.Throws<ArgumentException>(() => session.Run("image", new float[100], [1, 1, 8, 16, 16], out _));

        Assert.Contains("holds 2048 values but the buffer has 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_UnknownInputName_ListsTheModelsInputs()
    {
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);

        var error = Assert.Throws<ArgumentException>(() => session.Run("dwi", new float[2048], [1, 1, 8, 16, 16], out _));

        Assert.Contains("no input 'dwi'; its inputs: image [1,1,-1,-1,-1] float", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AfterDispose_ThrowsObjectDisposedException()
    {
        InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);
        session.Dispose();

        Assert.Throws<ObjectDisposedException>(() => session.Run("image", new float[2048], [1, 1, 8, 16, 16], out _));
    }

    /// <summary>Not an assertion on time: prints CPU inference time for the reference model.</summary>
    [Fact]
    public void Run_ReferenceModel_ReportsCpuInferenceTime()
    {
        ReferenceCase reference = ReferenceModel.Load("small");
        using InferenceSession session = InferenceSession.Create(ReferenceModel.OnnxPath);
        TimeSpan warmUp = session.WarmUp(reference.Input.Shape);
        const int runs = 20;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < runs; i++)
        {
            session.Run(reference.InputName, reference.Input);
        }

        _output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"reference U-Net {reference.Input} on CPU ({Environment.ProcessorCount} logical cores): warm-up {warmUp.TotalMilliseconds:F1} ms, mean {clock.Elapsed.TotalMilliseconds / runs:F2} ms over {runs} runs"));
    }
}
