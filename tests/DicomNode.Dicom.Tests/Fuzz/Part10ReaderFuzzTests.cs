using System.Globalization;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>
/// Seeded mutation fuzzing of <see cref="Dicom.IO.Part10Reader"/> and of the inbox's streaming <see cref="Dicom.IO.Part10HeaderReader"/> over pydicom's test files. Environment:
/// DICOMNODE_FUZZ_CASES (how many cases, default <see cref="DefaultCases"/>, about a minute on two cores),
/// DICOMNODE_FUZZ_SEED (default <see cref="DefaultSeed"/>), DICOMNODE_FUZZ_CASE (run that one case only,
/// to replay a failure), DICOMNODE_FUZZ_CORPUS (another folder of .dcm files).
/// </summary>
public sealed class Part10ReaderFuzzTests
{
    private const int DefaultCases = 50_000;
    private const int DefaultSeed = 20_250_611;

    private readonly ITestOutputHelper _output;

    public Part10ReaderFuzzTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Read_MutatedCorpusFiles_ThrowsOnlyFormatExceptionWithinTimeAndAllocationBounds()
    {
        var seed = Setting("DICOMNODE_FUZZ_SEED") ?? DefaultSeed;
        var single = Setting("DICOMNODE_FUZZ_CASE");
        var (first, count) = single is { } number ? (number, 1) : (0, Setting("DICOMNODE_FUZZ_CASES") ?? DefaultCases);
        var runner = new FuzzRunner(new DatasetMutator(FuzzCorpus.Load()), seed);

        var result = runner.Run(first, count, Environment.ProcessorCount);

        _output.WriteLine(
            $"seed {seed}: {result.Read + result.Rejected} cases in {result.Elapsed.TotalSeconds:F1} s " +
            $"({result.Read} read, {result.Rejected} rejected with DicomFormatException); slowest case " +
            $"{result.Slowest.TotalMilliseconds:F0} ms; closest to the allocation bound {result.WorstAllocation} of {result.WorstAllocationBound} bytes");
        Assert.True(result.Failure is null, result.Failure?.ToString());
    }

    [Theory]
    [InlineData(33, true)]
    [InlineData(100_000, true)]
    [InlineData(100_000, false)]
    public void Read_SequencesNestedBeyondTheLimit_ThrowsFormatException(int depth, bool explicitVR)
    {
        var bytes = NestingGenerator.DeepUndefinedLength(depth, explicitVR, closed: true);

        var ex = Assert.Throws<DicomFormatException>(() => Dicom.IO.Part10Reader.Read(bytes, FuzzRunner.Options));

        Assert.Contains("nest deeper", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UndefinedLengthUNNestedBeyondTheLimit_ThrowsFormatException()
    {
        var bytes = NestingGenerator.DeepUndefinedLengthUN(100_000, closed: false);

        Assert.Throws<DicomFormatException>(() => Dicom.IO.Part10Reader.Read(bytes, FuzzRunner.Options));
    }

    [Fact]
    public void Read_DefinedLengthSequencesNestedBeyondTheLimit_ThrowsFormatException()
    {
        var bytes = NestingGenerator.DeepDefinedLength(10_000);

        Assert.Throws<DicomFormatException>(() => Dicom.IO.Part10Reader.Read(bytes, FuzzRunner.Options));
    }

    [Fact]
    public void Read_SequencesNestedToTheLimit_Reads()
    {
        var bytes = NestingGenerator.DeepUndefinedLength(32, explicitVR: true, closed: true);

        var file = Dicom.IO.Part10Reader.Read(bytes, FuzzRunner.Options);

        Assert.NotNull(file.Dataset.GetSequence(new DicomTag(0x0040, 0xA730)));
    }

    [Fact]
    public void Read_SequenceOfManyEmptyItems_StaysWithinTheAllocationBound()
    {
        var bytes = NestingGenerator.WideSequence(200_000, undefinedLengthItems: false);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var file = Dicom.IO.Part10Reader.Read(bytes, FuzzRunner.Options);

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(200_000, file.Dataset.GetSequence(new DicomTag(0x0040, 0xA730))!.Items.Count);
        Assert.True(allocated <= FuzzRunner.AllocationBound(bytes), $"{allocated} bytes allocated for {bytes.Length} bytes of input");
    }

    private static int? Setting(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
