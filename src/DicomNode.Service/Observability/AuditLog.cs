using System.Globalization;
using System.Text.Json;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Observability;

/// <summary>
/// The association audit log: one JSON object per line and per association — time, calling and called
/// AE title, peer address, accepted or why not, instances stored, how it ended. AE titles and addresses
/// only, never patient data. A new file each day under logs/.
/// <para>
/// It cannot fill the disk: within each minute, associations of one kind (accepted, rejected, no request,
/// TLS failure) from one address beyond <see cref="AuditLogOptions.RepeatLimit"/>, and any beyond
/// <see cref="AuditLogOptions.LinesPerMinute"/> in all, are counted instead of written, and each such
/// (address, kind) gets one summary line when the minute ends. Files older than
/// <see cref="AuditLogOptions.RetentionDays"/> are deleted at start and at each new day.
/// </para>
/// </summary>
public sealed class AuditLog : IAssociationObserver, IDisposable
{
    private const string FilePrefix = "audit-";
    private const string FileSuffix = ".jsonl";
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private readonly string _folder;
    private readonly NodeMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly AuditLogOptions _options;
    private readonly object _gate = new();
    private readonly Dictionary<(string Peer, string Kind), int> _written = new();
    private readonly Dictionary<(string Peer, string Kind), Held> _held = new();
    private readonly ITimer _windowTimer;
    private StreamWriter? _writer;
    private DateOnly _day;
    private DateTimeOffset _windowStart;
    private int _windowLines;
    private bool _disposed;

    public AuditLog(string folder, NodeMetrics metrics, TimeProvider? time = null, AuditLogOptions? options = null)
    {
        _folder = folder;
        _metrics = metrics;
        _time = time ?? TimeProvider.System;
        _options = options ?? new AuditLogOptions();
        Directory.CreateDirectory(folder);
        _windowStart = WindowOf(_time.GetUtcNow());
        DeleteExpired(DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime));

        // Closes each window on time, so a flood's summary appears when its minute ends, not at the next event.
        _windowTimer = _time.CreateTimer(_ => CloseWindowIfDue(), null, _options.Interval, _options.Interval);
    }

    /// <summary>Lines written since start (association and summary lines).</summary>
    public long LinesWritten { get; private set; }

    /// <summary>Associations counted in a summary line instead of written one by one, since start.</summary>
    public long Suppressed { get; private set; }

    public void AssociationEnded(AssociationRecord record)
    {
        _metrics.AssociationEnded(record);
        var kind = KindOf(record);
        var key = (record.PeerAddress, kind);
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            CloseWindowIfDue(now);
            _written.TryGetValue(key, out var written);
            var exempt = record.Accepted && record.InstancesStored > 0;
            if ((exempt || written < _options.RepeatLimit) && _windowLines < _options.LinesPerMinute)
            {
                _written[key] = written + 1;
                _windowLines++;
                Write(now, Serialize(record));
                return;
            }

            Suppressed++;
            if (!_held.TryGetValue(key, out var held))
            {
                held = new Held();
                _held[key] = held;
            }

            held.Count++;
            held.InstancesStored += record.InstancesStored;
            held.Last = record.Ended;
            held.CallingAeTitle ??= record.CallingAeTitle;
        }
    }

    /// <summary>
    /// Records a change of the node's configuration: who made it (e.g. "admin from 127.0.0.1 (console)"), and what.
    /// Never rate-limited: an operator's changes are few and each one matters.
    /// </summary>
    public void ConfigurationChanged(string by, string change)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetUtcNow();
            Write(now, JsonSerializer.Serialize(new { time = now, @event = "configuration", by, change }, Json));
        }
    }

    /// <summary>The last <paramref name="count"/> lines of the audit (today's file, and earlier days' when today's has fewer), oldest first.</summary>
    public IReadOnlyList<string> Tail(int count)
    {
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFiles(_folder, FilePrefix + "*" + FileSuffix).Order(StringComparer.Ordinal).Reverse())
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var day = new List<string>();
            while (reader.ReadLine() is { } line)
            {
                day.Add(line);
            }

            lines.InsertRange(0, day.TakeLast(count - lines.Count));
            if (lines.Count >= count)
            {
                break;
            }
        }

        return lines;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            CloseWindow(_time.GetUtcNow());
            _disposed = true;
            _writer?.Dispose();
            _writer = null;
        }

        _windowTimer.Dispose();
    }

    /// <summary>The kind an association is counted under: how far it got, without free text a peer could vary.</summary>
    private static string KindOf(AssociationRecord record)
    {
        if (record.Accepted)
        {
            return "accepted";
        }

        if (record.Decision.StartsWith("TLS handshake failed", StringComparison.Ordinal))
        {
            return "tls-failed";
        }

        return record.CallingAeTitle is null ? "no-request" : "rejected";
    }

    private static string Serialize(AssociationRecord record) => JsonSerializer.Serialize(new
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

    private void CloseWindowIfDue()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                CloseWindowIfDue(_time.GetUtcNow());
            }
        }
    }

    private void CloseWindowIfDue(DateTimeOffset now)
    {
        if (WindowOf(now) > _windowStart)
        {
            CloseWindow(now);
        }
    }

    /// <summary>Writes the held-back counts of the window that ends, then starts the window holding <paramref name="now"/>.</summary>
    private void CloseWindow(DateTimeOffset now)
    {
        var end = _windowStart + _options.Interval;
        var listed = 0;
        var rest = new Held();
        var restPairs = 0;
        foreach (var ((peer, kind), held) in _held.OrderByDescending(h => h.Value.Count).ThenBy(h => h.Key.Peer, StringComparer.Ordinal))
        {
            if (listed < _options.MaxSummaryLines)
            {
                listed++;
                Write(now, JsonSerializer.Serialize(new
                {
                    time = _windowStart,
                    ended = end,
                    summary = true,
                    peer,
                    kind,
                    calling = held.CallingAeTitle,
                    associations = held.Count,
                    instancesStored = held.InstancesStored,
                    last = held.Last,
                }, Json));
                continue;
            }

            restPairs++;
            rest.Count += held.Count;
            rest.InstancesStored += held.InstancesStored;
        }

        if (restPairs > 0)
        {
            Write(now, JsonSerializer.Serialize(new
            {
                time = _windowStart,
                ended = end,
                summary = true,
                peer = $"{restPairs} more addresses",
                kind = "any",
                associations = rest.Count,
                instancesStored = rest.InstancesStored,
            }, Json));
        }

        _held.Clear();
        _written.Clear();
        _windowLines = 0;
        _windowStart = WindowOf(now);
    }

    private DateTimeOffset WindowOf(DateTimeOffset time)
    {
        var ticks = _options.Interval.Ticks;
        return new DateTimeOffset(time.UtcTicks - (time.UtcTicks % ticks), TimeSpan.Zero);
    }

    private void Write(DateTimeOffset now, string line)
    {
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        if (_writer is null || day != _day)
        {
            _writer?.Dispose();
            _writer = new StreamWriter(new FileStream(Path.Combine(_folder, FileName(day)), FileMode.Append, FileAccess.Write, FileShare.Read));
            if (_day != default && day != _day)
            {
                DeleteExpired(day);
            }

            _day = day;
        }

        _writer.WriteLine(line);
        _writer.Flush();
        LinesWritten++;
    }

    private static string FileName(DateOnly day) => $"{FilePrefix}{day:yyyyMMdd}{FileSuffix}";

    /// <summary>Deletes audit files of days <see cref="AuditLogOptions.RetentionDays"/> or more before <paramref name="today"/>, by the date in their name.</summary>
    private void DeleteExpired(DateOnly today)
    {
        var oldestKept = today.AddDays(-(_options.RetentionDays - 1));
        foreach (var path in Directory.EnumerateFiles(_folder, $"{FilePrefix}*{FileSuffix}"))
        {
            var name = Path.GetFileName(path);
            var stamp = name[FilePrefix.Length..^FileSuffix.Length];
            if (DateOnly.TryParseExact(stamp, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldestKept)
            {
                try
                {
                    File.Delete(path);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Tried again at the next new day; the audit itself must not fail over an old file.
                }
            }
        }
    }

    /// <summary>Associations of one (address, kind) held back in the current window.</summary>
    private sealed class Held
    {
        public int Count { get; set; }

        public int InstancesStored { get; set; }

        public DateTimeOffset Last { get; set; }

        public string? CallingAeTitle { get; set; }
    }
}
