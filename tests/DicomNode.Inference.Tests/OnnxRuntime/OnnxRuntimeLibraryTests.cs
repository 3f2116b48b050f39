using DicomNode.Inference.OnnxRuntime;

namespace DicomNode.Inference.Tests.OnnxRuntime;

public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void Load_FromBuildOutput_Reports130AndGivesTheApi29Table()
    {
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load(AppContext.BaseDirectory);

        Assert.StartsWith("1.30.", library.Version, StringComparison.Ordinal);
        Assert.StartsWith("ORT Build Info:", library.Api.GetBuildInfoString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithoutPath_FindsTheCopyBesideTheAssembly()
    {
        if (Environment.GetEnvironmentVariable(OnnxRuntimeLibrary.PathVariable) is not null)
        {
            return;
        }

        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();

        Assert.Equal(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(library.Path));
    }

    [Fact]
    public void Load_MissingPath_NamesWhatWasSearched()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<FileNotFoundException>(() => OnnxRuntimeLibrary.Load(folder.Path));

        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileThatIsNotALibrary_SaysItCouldNotBeLoaded()
    {
        using var folder = new TempFolder();
        string fake = folder.File("libonnxruntime.so.1");
        File.WriteAllText(fake, "not a shared library");

        var error = Assert.Throws<DllNotFoundException>(() => OnnxRuntimeLibrary.Load(fake));

        Assert.Contains(fake, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// CreateStatus (0), GetErrorCode (1), GetErrorMessage (2) and ReleaseStatus (93) round-trip a
    /// status: wrong table indices would return other values or crash.
    /// </summary>
    [Fact]
    public void StatusFunctions_AtTheirTableIndices_RoundTripCodeAndMessage()
    {
        OrtApi api = OnnxRuntimeEnvironment.GetOrCreate().Api;
        nint status = api.CreateStatus(OrtErrorCode.InvalidGraph, "made by a test ü");

        OnnxRuntimeException error = api.TakeException(status);

        Assert.Equal(OrtErrorCode.InvalidGraph, error.ErrorCode);
        Assert.Equal("made by a test ü", error.OrtMessage);
    }

    [Fact]
    public void Environment_ListsTheCpuProvider()
    {
        OnnxRuntimeEnvironment environment = OnnxRuntimeEnvironment.GetOrCreate();

        Assert.Contains("CPUExecutionProvider", environment.AvailableProviders);
        Assert.Same(environment, OnnxRuntimeEnvironment.GetOrCreate());
    }

    [Fact]
    public void Environment_AskedForAnotherLibrary_RefusesToLoadASecond()
    {
        OnnxRuntimeEnvironment environment = OnnxRuntimeEnvironment.GetOrCreate();
        using var folder = new TempFolder();

        Assert.Same(environment, OnnxRuntimeEnvironment.GetOrCreate(Path.GetDirectoryName(environment.Library.Path)));
        var error = Assert.Throws<InvalidOperationException>(() => OnnxRuntimeEnvironment.GetOrCreate(folder.Path));
        Assert.Contains(environment.Library.Path, error.Message, StringComparison.Ordinal);
    }
}
