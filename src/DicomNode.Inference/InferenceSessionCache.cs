using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomNode.Inference;

/// <summary>
/// Sessions shared across jobs: one per (model file, its last-write time and length, options),
/// created once — concurrent requests for the same key wait for the one creation — and optionally
/// warmed up. A model file replaced on disk gets a new session; the old one stays alive (a job may
/// still be running it) until the cache is disposed.
/// </summary>
public sealed class InferenceSessionCache : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<CacheKey, Lazy<InferenceSession>> _sessions = [];
    private readonly List<Lazy<InferenceSession>> _retired = [];
    private readonly OnnxRuntimeEnvironment? _environment;
    private readonly ILogger _logger;
    private int _created;
    private bool _disposed;

    public InferenceSessionCache(OnnxRuntimeEnvironment? environment = null, ILogger? logger = null)
    {
        _environment = environment;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>The sessions created and current (not those of a model file replaced since), for /metrics.</summary>
    public IReadOnlyList<InferenceSession> Sessions
    {
        get
        {
            lock (_gate)
            {
                return _sessions.Values.Where(s => s.IsValueCreated).Select(s => s.Value).ToList();
            }
        }
    }

    /// <summary>How many sessions this cache has created (a reused session is not counted again).</summary>
    public int SessionsCreated => Volatile.Read(ref _created);

    /// <summary>
    /// The session for <paramref name="modelPath"/> and <paramref name="options"/>, created on the
    /// first request and run once on zeros of <paramref name="warmUpShape"/> when one is given.
    /// A failed creation is not cached: the next request tries again.
    /// </summary>
    public InferenceSession GetOrCreate(string modelPath, InferenceSessionOptions? options = null, IReadOnlyList<long>? warmUpShape = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= InferenceSessionOptions.Default;
        string fullPath = Path.GetFullPath(modelPath);
        var file = new FileInfo(fullPath);
        if (!file.Exists)
        {
            throw new ModelLoadException(fullPath, $"model file not found: {fullPath}");
        }

        var key = new CacheKey(fullPath, file.LastWriteTimeUtc, file.Length, options);
        long[]? warmUp = warmUpShape?.ToArray();
        Lazy<InferenceSession> entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_sessions.TryGetValue(key, out entry!))
            {
                RetireOlderVersions(key);
                entry = new Lazy<InferenceSession>(() => Create(fullPath, options, warmUp), LazyThreadSafetyMode.ExecutionAndPublication);
                _sessions.Add(key, entry);
            }
        }

        try
        {
            return entry.Value;
        }
        catch
        {
            lock (_gate)
            {
                if (_sessions.TryGetValue(key, out Lazy<InferenceSession>? current) && ReferenceEquals(current, entry))
                {
                    _sessions.Remove(key);
                }
            }

            throw;
        }
    }

    public void Dispose()
    {
        List<Lazy<InferenceSession>> all;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            all = [.. _sessions.Values, .. _retired];
            _sessions.Clear();
            _retired.Clear();
        }

        foreach (Lazy<InferenceSession> entry in all)
        {
            if (entry.IsValueCreated)
            {
                entry.Value.Dispose();
            }
        }
    }

    private InferenceSession Create(string fullPath, InferenceSessionOptions options, long[]? warmUpShape)
    {
        InferenceSession session = InferenceSession.Create(fullPath, options, _environment, _logger);
        try
        {
            if (warmUpShape is not null)
            {
                session.WarmUp(warmUpShape);
            }
        }
        catch
        {
            session.Dispose();
            throw;
        }

        Interlocked.Increment(ref _created);
        return session;
    }

    private void RetireOlderVersions(CacheKey key)
    {
        foreach (CacheKey older in _sessions.Keys.Where(k => k.Path == key.Path && k.Options == key.Options).ToArray())
        {
            InferenceLog.ModelChanged(_logger, key.Path);
            _retired.Add(_sessions[older]);
            _sessions.Remove(older);
        }
    }

    private readonly record struct CacheKey(string Path, DateTime LastWriteUtc, long Length, InferenceSessionOptions Options);
}
