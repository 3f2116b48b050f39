using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The configuration file's provider: reads it as the physical provider does, and notices edits by looking at that one
/// file once a second (<see cref="PollInterval"/>): its existence, length and last write time. It holds no file-system
/// watch: the operating system reports changes per folder, and the data folder's appsettings.json shares its folder with
/// the index's write-ahead log, written about a dozen times per received instance — each woke a watcher thread to read
/// and discard the event (a watch on the whole folder tree, the physical provider's, had cost 7 % of the node's CPU while
/// receiving; on the top folder alone, twelve wake-ups per instance remained). One stat a second costs nothing, and an
/// edit is in force within a second and the configuration's reload delay.
/// </summary>
internal sealed class ConfigFileProvider : IFileProvider, IDisposable
{
    /// <summary>How often the file is looked at.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly PhysicalFileProvider _files;
    private readonly string _path;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private FileState _seen;
    private CancellationTokenSource _changed = new();

    /// <param name="path">The configuration file, full path; its folder must exist, the file need not.</param>
    /// <param name="time">The clock of the polling timer (tests advance a fake one).</param>
    public ConfigFileProvider(string path, TimeProvider? time = null)
    {
        _path = path;
        _name = Path.GetFileName(path);
        _files = new PhysicalFileProvider(Path.GetDirectoryName(path)!);
        _time = time ?? TimeProvider.System;
    }

    public IFileInfo GetFileInfo(string subpath) => _files.GetFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => _files.GetDirectoryContents(subpath);

    /// <summary>A token that fires once the file has been written, created, deleted or replaced (an atomic save).</summary>
    public IChangeToken Watch(string filter)
    {
        if (!string.Equals(filter.TrimStart('/', '\\'), _name, StringComparison.Ordinal))
        {
            return NullChangeToken.Singleton;
        }

        lock (_gate)
        {
            if (_timer is null)
            {
                _seen = FileState.Of(_path);
                _timer = _time.CreateTimer(static self => ((ConfigFileProvider)self!).Poll(), this, PollInterval, PollInterval);
            }

            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
        }

        _files.Dispose();
    }

    private void Poll()
    {
        var now = FileState.Of(_path);
        CancellationTokenSource fired;
        lock (_gate)
        {
            if (_timer is null || now == _seen)
            {
                return;
            }

            _seen = now;
            fired = _changed;
            _changed = new CancellationTokenSource();
        }

        fired.Cancel();
    }

    /// <summary>What a poll compares: an atomic save gives a new file, whose write time or length differs.</summary>
    private readonly record struct FileState(bool Exists, long Length, DateTime LastWriteUtc)
    {
        public static FileState Of(string path)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? new FileState(true, info.Length, info.LastWriteTimeUtc) : default;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Being replaced right now, or unreadable: the next poll sees how it ended.
                return default;
            }
        }
    }
}
