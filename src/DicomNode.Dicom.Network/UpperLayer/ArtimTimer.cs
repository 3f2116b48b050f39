namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// The Association Request/Reject/Release Timer of PS3.8 §9.1.5, on a <see cref="TimeProvider"/> timer (no thread
/// of its own). Its expiry is PS3.8 Table 9-2's Evt18: the callback runs on a timer thread, and the association
/// runtime queues Evt18 for its state machine.
/// </summary>
/// <remarks>
/// An expiry can race a Stop or Start: the timer may fire just before the state machine leaves Sta2 or Sta13,
/// while the expiry is still queued behind the event that stops the timer. Table 9-10 defines Evt18 only in Sta2
/// and Sta13, so the runtime checks <see cref="IsCurrent"/> when it dequeues an expiry and drops a stale one.
/// </remarks>
internal sealed class ArtimTimer : IDisposable
{
    /// <summary>The timeout used when none is configured; PS3.8 leaves the value to the implementation.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _timeProvider;
    private readonly Action<ArtimExpiry> _expired;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private long _generation;
    private bool _running;
    private bool _expiredCurrent;
    private bool _disposed;

    /// <param name="timeProvider">The clock; tests pass a manual one.</param>
    /// <param name="timeout">How long after <see cref="Start"/> the timer expires.</param>
    /// <param name="expired">Called once per expiry, on a timer thread; must not block.</param>
    public ArtimTimer(TimeProvider timeProvider, TimeSpan timeout, Action<ArtimExpiry> expired)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(expired);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);

        _timeProvider = timeProvider;
        Timeout = timeout;
        _expired = expired;
    }

    /// <summary>How long after <see cref="Start"/> the timer expires.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Whether the timer has been started and has neither expired nor been stopped since.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>
    /// Starts the timer, or restarts it if already started (PS3.8 Table 9-9, AA-1). An expiry of an earlier start
    /// is no longer current.
    /// </summary>
    public void Start()
    {
        ITimer? previous;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            previous = _timer;
            _generation++;
            _running = true;
            _expiredCurrent = false;

            // A fresh timer per start carries its generation, so a callback of a replaced timer that is already
            // running can tell it is stale.
            _timer = _timeProvider.CreateTimer(OnTimer, _generation, Timeout, System.Threading.Timeout.InfiniteTimeSpan);
        }

        previous?.Dispose();
    }

    /// <summary>Stops the timer if it is running. Any expiry already delivered is no longer current.</summary>
    public void Stop()
    {
        ITimer? previous;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            previous = _timer;
            _timer = null;
            _generation++;
            _running = false;
            _expiredCurrent = false;
        }

        previous?.Dispose();
    }

    /// <summary>
    /// Whether <paramref name="expiry"/> belongs to the latest start and the timer has not been stopped or
    /// restarted since it fired; only then is it Evt18.
    /// </summary>
    public bool IsCurrent(ArtimExpiry expiry)
    {
        lock (_lock)
        {
            return _expiredCurrent && expiry.Generation == _generation;
        }
    }

    public void Dispose()
    {
        ITimer? previous;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            previous = _timer;
            _timer = null;
            _generation++;
            _running = false;
            _expiredCurrent = false;
        }

        previous?.Dispose();
    }

    private void OnTimer(object? state)
    {
        var generation = (long)state!;
        lock (_lock)
        {
            if (!_running || generation != _generation)
            {
                return;
            }

            _running = false;
            _expiredCurrent = true;
        }

        _expired(new ArtimExpiry(generation));
    }
}
