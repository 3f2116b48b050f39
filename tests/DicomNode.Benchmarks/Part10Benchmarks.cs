using BenchmarkDotNet.Attributes;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;

namespace DicomNode.Benchmarks;

/// <summary>
/// Reading and writing a 256×256 16-bit MR instance, and a 500-instance series of them on disk (one
/// operation is the whole series). The Per instance and MB/s columns divide by the instances and bytes
/// of one operation.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class Part10Benchmarks
{
    private string _folder = string.Empty;
    private string _outputFolder = string.Empty;
    private byte[] _instanceBytes = Array.Empty<byte>();
    private DicomFile _instance = null!;
    private DicomFile[] _series = Array.Empty<DicomFile>();
    private readonly MemoryStream _output = new();

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), $"dicomnode-bench-{Environment.ProcessId}");
        _outputFolder = Path.Combine(_folder, "written");
        SeriesFixture.Generate(_folder);
        Directory.CreateDirectory(_outputFolder);
        _instanceBytes = SeriesFixture.Encode(0);
        _instance = MrInstance.Create(0);
        _series = Enumerable.Range(0, SeriesFixture.SeriesLength).Select(MrInstance.Create).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public DicomFile ReadInstanceFromMemory() => Part10Reader.Read(_instanceBytes);

    [Benchmark]
    public DicomFile ReadInstanceFromFile() => Part10Reader.ReadFile(SeriesFixture.InstancePath(_folder, 0));

    [Benchmark]
    public long WriteInstanceToMemory()
    {
        _output.SetLength(0);
        Part10Writer.Write(_output, _instance);
        return _output.Length;
    }

    [Benchmark]
    public int ReadSeriesFromDisk()
    {
        var elements = 0;
        for (var i = 0; i < SeriesFixture.SeriesLength; i++)
        {
            elements += Part10Reader.ReadFile(SeriesFixture.InstancePath(_folder, i)).Dataset.Count;
        }

        return elements;
    }

    [Benchmark]
    public void WriteSeriesToDisk()
    {
        for (var i = 0; i < _series.Length; i++)
        {
            Part10Writer.WriteFile(SeriesFixture.InstancePath(_outputFolder, i), _series[i]);
        }
    }

    /// <summary>Instances and encoded bytes one operation of <paramref name="benchmark"/> handles.</summary>
    internal static (int Instances, long Bytes) Workload(string benchmark) =>
        benchmark.Contains("Series", StringComparison.Ordinal)
            ? (SeriesFixture.SeriesLength, SeriesFixture.Sizes.Value.Series)
            : (1, SeriesFixture.Sizes.Value.Instance);
}
