using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace DicomNode.Service.Configuration;

/// <summary>
/// The configuration file's provider: reads it as the physical provider does, but watches that one file in its own
/// folder only. The physical provider watches its whole folder recursively, and the data folder's appsettings.json has
/// the inbox below it: each received instance (its temporary file, writes, rename, new study and series folders) woke
/// the watcher's thread, 7 % of the node's CPU while receiving (perf, 500 instances on one association).
/// </summary>
internal sealed class ConfigFileProvider : IFileProvider, IDisposable
{
    private readonly PhysicalFileProvider _files;
    private readonly string _name;
    private readonly Lock _gate = new();
    private FileSystemWatcher? _watcher;
    private CancellationTokenSource _changed = new();

    /// <param name="path">The configuration file, full path; its folder must exist, the file need not.</param>
    public ConfigFileProvider(string path)
    {
        _name = Path.GetFileName(path);
        _files = new PhysicalFileProvider(Path.GetDirectoryName(path)!);
    }

    public IFileInfo GetFileInfo(string subpath) => _files.GetFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => _files.GetDirectoryContents(subpath);

    /// <summary>A token that fires when the file is written, created, deleted or renamed to or from (an atomic save).</summary>
    public IChangeToken Watch(string filter)
    {
        if (!string.Equals(filter.TrimStart('/', '\\'), _name, StringComparison.Ordinal))
        {
            return NullChangeToken.Singleton;
        }

        lock (_gate)
        {
            if (_watcher is null)
            {
                _watcher = new FileSystemWatcher(_files.Root, _name)
                {
                    IncludeSubdirectories = false,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                _watcher.Changed += OnChanged;
                _watcher.Created += OnChanged;
                _watcher.Deleted += OnChanged;
                _watcher.Renamed += OnChanged;
                _watcher.EnableRaisingEvents = true;
            }

            return new CancellationChangeToken(_changed.Token);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _watcher?.Dispose();
            _watcher = null;
        }

        _files.Dispose();
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        CancellationTokenSource fired;
        lock (_gate)
        {
            fired = _changed;
            _changed = new CancellationTokenSource();
        }

        fired.Cancel();
    }
}
