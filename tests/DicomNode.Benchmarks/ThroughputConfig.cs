using BenchmarkDotNet.Configs;

namespace DicomNode.Benchmarks;

/// <summary>Adds the per-instance and MB/s columns to the default summary.</summary>
internal sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(ThroughputColumn.PerInstance, ThroughputColumn.MegabytesPerSecond);
    }
}
