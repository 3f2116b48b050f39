using System.Globalization;
using System.Text;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Observability;

/// <summary>
/// Counters and gauges of the node, rendered in the Prometheus text exposition format (version 0.0.4).
/// Counters are kept here; gauges (jobs by state, outbox depth) are read when scraped.
/// </summary>
public sealed class NodeMetrics
{
    private readonly List<Func<IEnumerable<(string Name, string Help, string Labels, double Value)>>> _gauges = new();
    private long _associationsAccepted;
    private long _associationsRejected;
    private long _instancesStored;

    public void AssociationEnded(AssociationRecord record)
    {
        Interlocked.Increment(ref record.Accepted ? ref _associationsAccepted : ref _associationsRejected);
        Interlocked.Add(ref _instancesStored, record.InstancesStored);
    }

    /// <summary>Adds gauges read at each scrape; the source must be cheap and thread-safe.</summary>
    public void AddGauges(Func<IEnumerable<(string Name, string Help, string Labels, double Value)>> source)
    {
        lock (_gauges)
        {
            _gauges.Add(source);
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        Counter(text, "dicomnode_associations_total", "Associations ended, by whether they were accepted.", "accepted=\"true\"", Interlocked.Read(ref _associationsAccepted));
        Sample(text, "dicomnode_associations_total", "accepted=\"false\"", Interlocked.Read(ref _associationsRejected));
        Counter(text, "dicomnode_instances_stored_total", "Instances received and stored.", string.Empty, Interlocked.Read(ref _instancesStored));

        List<Func<IEnumerable<(string Name, string Help, string Labels, double Value)>>> sources;
        lock (_gauges)
        {
            sources = _gauges.ToList();
        }

        var described = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, help, labels, value) in sources.SelectMany(s => s()))
        {
            if (described.Add(name))
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
                text.Append("# TYPE ").Append(name).Append(" gauge\n");
            }

            Sample(text, name, labels, value);
        }

        return text.ToString();
    }

    private static void Counter(StringBuilder text, string name, string help, string labels, double value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" counter\n");
        Sample(text, name, labels, value);
    }

    private static void Sample(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
