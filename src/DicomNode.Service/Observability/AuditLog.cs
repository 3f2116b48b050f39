using System.Text.Json;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Observability;

/// <summary>
/// The association audit log: one JSON object per line and per association — time, calling and called
/// AE title, peer address, accepted or why not, instances stored, how it ended. AE titles and addresses
/// only, never patient data. A new file each day under logs/.
/// </summary>
public sealed class AuditLog : IAssociationObserver, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly string _folder;
    private readonly NodeMetrics _metrics;
    private readonly object _gate = new();
    private StreamWriter? _writer;
    private DateOnly _day;

    public AuditLog(string folder, NodeMetrics metrics)
    {
        _folder = folder;
        _metrics = metrics;
        Directory.CreateDirectory(folder);
    }

    public void AssociationEnded(AssociationRecord record)
    {
        _metrics.AssociationEnded(record);
        var line = JsonSerializer.Serialize(new
        {
            time = record.Started,
            ended = record.Ended,
            calling = record.CallingAeTitle,
            called = record.CalledAeTitle,
            peer = record.PeerAddress,
            port = record.PeerPort,
            accepted = record.Accepted,
            decision = record.Decision,
            instancesStored = record.InstancesStored,
            outcome = record.Outcome,
        }, Json);
        lock (_gate)
        {
            var day = DateOnly.FromDateTime(record.Ended.UtcDateTime);
            if (_writer is null || day != _day)
            {
                _writer?.Dispose();
                _writer = new StreamWriter(new FileStream(Path.Combine(_folder, $"audit-{day:yyyyMMdd}.jsonl"), FileMode.Append, FileAccess.Write, FileShare.Read));
                _day = day;
            }

            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
