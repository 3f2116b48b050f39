using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace DicomNode.Benchmarks;

/// <summary>Mean time per instance, or encoded megabytes (10^6 bytes) per second, from a benchmark's mean per operation.</summary>
internal sealed class ThroughputColumn : IColumn
{
    private readonly bool _megabytesPerSecond;

    private ThroughputColumn(bool megabytesPerSecond) => _megabytesPerSecond = megabytesPerSecond;

    public static IColumn PerInstance { get; } = new ThroughputColumn(megabytesPerSecond: false);

    public static IColumn MegabytesPerSecond { get; } = new ThroughputColumn(megabytesPerSecond: true);

    public string Id => _megabytesPerSecond ? "MBps" : "PerInstance";

    public string ColumnName => _megabytesPerSecond ? "MB/s" : "Per instance";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => _megabytesPerSecond ? 1 : 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => _megabytesPerSecond
        ? "Encoded megabytes (10^6 bytes) read or written per second"
        : "Mean time per instance, in microseconds";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        if (summary[benchmarkCase]?.ResultStatistics is not { } statistics)
        {
            return "NA";
        }

        var (instances, bytes) = Part10Benchmarks.Workload(benchmarkCase.Descriptor.WorkloadMethod.Name);
        var meanNanoseconds = statistics.Mean;
        return _megabytesPerSecond
            ? (bytes / 1e6 / (meanNanoseconds / 1e9)).ToString("F0", CultureInfo.InvariantCulture)
            : $"{(meanNanoseconds / 1e3 / instances).ToString("F1", CultureInfo.InvariantCulture)} μs";
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
