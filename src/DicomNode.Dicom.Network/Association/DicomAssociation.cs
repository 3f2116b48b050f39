using System.Threading.Channels;
using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Transport;
using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Association;

/// <summary>
/// One association, either side. Every event — a PDU received, a request of the local user, the
/// transport closing, the ARTIM timer — goes through one channel into one loop that feeds the PS3.8
/// state machine; the machine's actions are queued by <see cref="IUpperLayerActionHandler.Perform"/>
/// and carried out by the loop right after, in order. There are no polling threads.
/// </summary>
internal sealed partial class DicomAssociation : IUpperLayerActionHandler, IAsyncDisposable
{
    private readonly DicomConnection _connection;
    private readonly AssociationOptions _options;
    private readonly UpperLayerStateMachine _machine;
    private readonly ArtimTimer _artim;
    private readonly ITimer _idleTimer;
    private readonly ITimer _ageTimer;
    private readonly Channel<AssociationInput> _inputs = Channel.CreateBounded<AssociationInput>(new BoundedChannelOptions(8)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    private readonly Queue<Work> _work = new();
    private readonly Queue<AssociationInput> _followUps = new();
    private readonly CancellationTokenSource _lifetime = new();
    private readonly TaskCompletionSource<AssociationOutcome> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<bool> _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Pdu? _received;
    private Pdu? _toSend;
    private AbortReason _providerAbortReason = AbortReason.NotSpecified;
    private AssociateRequestPdu? _request;
    private AssociationDecision? _decision;
    private AssociateRejectPdu? _rejection;
    private bool _released;
    private bool _aborted;
    private string _endDescription = "closed";
    private Task? _loop;
    private Task? _reader;

    private DicomAssociation(DicomConnection connection, AssociationOptions options)
    {
        _connection = connection;
        _options = options;
        _machine = new UpperLayerStateMachine(this);
        _artim = new ArtimTimer(options.TimeProvider, options.ArtimTimeout, expiry => Post(new AssociationInput.ArtimExpired(expiry)));
        _idleTimer = options.TimeProvider.CreateTimer(_ => Post(new AssociationInput.Idle()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _ageTimer = options.TimeProvider.CreateTimer(_ => Post(new AssociationInput.TooOld()), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public Guid Id { get; } = Guid.NewGuid();

    public AssociationInfo? Info { get; private set; }

    /// <summary>Completes when the association has ended, however it ended.</summary>
    public Task<AssociationOutcome> Ended => _ended.Task;

    /// <summary>
    /// Completes when the association can carry no more requests: it left data transfer (Sta6) for a release or an
    /// abort, or ended. Earlier than <see cref="Ended"/>, which waits for the peer to close the connection.
    /// </summary>
    public Task Closing => _closing.Task;

    public UpperLayerState State => _machine.State;

    /// <summary>Maximum length we may send in one P-DATA-TF (0 in the peer's request means no limit).</summary>
    private uint PeerMaxPduLength { get; set; }

    public async ValueTask DisposeAsync()
    {
        if (!_ended.Task.IsCompleted)
        {
            await AbortAsync().ConfigureAwait(false);
            await Task.WhenAny(_ended.Task, Task.Delay(_options.ArtimTimeout)).ConfigureAwait(false);
        }

        await FinishAsync("disposed").ConfigureAwait(false);
        foreach (var task in new[] { _loop, _reader })
        {
            if (task is not null)
            {
                await task.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Asks for an A-ABORT (the local user's A-ABORT request, Evt15).</summary>
    public async Task AbortAsync()
    {
        if (_ended.Task.IsCompleted)
        {
            return;
        }

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Post(new AssociationInput.Primitive(UpperLayerEvent.Evt15, null, done)))
        {
            await Task.WhenAny(done.Task, _ended.Task).ConfigureAwait(false);
        }
    }

    private void StartLoops()
    {
        _loop = Task.Run(RunLoopAsync);
        _reader = Task.Run(ReadPdusAsync);
    }

    private bool Post(AssociationInput input)
    {
        if (_lifetime.IsCancellationRequested)
        {
            return false;
        }

        if (_inputs.Writer.TryWrite(input))
        {
            return true;
        }

        // The channel is full: the loop drains it continuously, so this wait is short. Timer callbacks
        // and users never block on it, and nothing here may throw once the association has ended.
        _ = WriteQuietly(input);
        return true;
    }

    private async Task ReadPdusAsync()
    {
        var token = _lifetime.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                // Each PDU's length is checked against our own limits before its body is allocated.
                // A P-DATA-TF's body is rented: HandleAsync gives it back once the PDU has been handled.
                var pdu = await PduReader.ReadAsync(_connection.Stream, _options.MaxPduLength, _options.MaxAssociatePduLength, pooled: true, token).ConfigureAwait(false);
                if (pdu is null)
                {
                    break;
                }

                await _inputs.Writer.WriteAsync(new AssociationInput.Received(pdu), token).ConfigureAwait(false);
            }
        }
        catch (PduFormatException ex)
        {
            await WriteQuietly(new AssociationInput.Invalid(ex)).ConfigureAwait(false);

            // The invalid PDU leads to Sta13, which awaits the transport close (Evt17, AR-5). Keep reading, and
            // discard what is no longer framed, so a peer that closes frees its connection at once, not at ARTIM.
            await DiscardUntilClosedAsync(token).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // The connection is gone; the loop learns it as Evt17.
        }

        await WriteQuietly(new AssociationInput.TransportClosed()).ConfigureAwait(false);
    }

    private async Task DiscardUntilClosedAsync(CancellationToken token)
    {
        var buffer = new byte[4096];
        try
        {
            while (await _connection.Stream.ReadAsync(buffer, token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception ex) when (IsConnectionGone(ex))
        {
            // Closed by us (ARTIM) or reset by the peer: either way the transport is gone.
        }
    }

    private static bool IsConnectionGone(Exception ex) =>
        ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException or InvalidOperationException;

    private async Task WriteQuietly(AssociationInput input)
    {
        try
        {
            await _inputs.Writer.WriteAsync(input, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or ObjectDisposedException)
        {
            // The association has ended; nobody is listening any more.
        }
    }

    private async Task RunLoopAsync()
    {
        try
        {
            await foreach (var input in _inputs.Reader.ReadAllAsync(_lifetime.Token).ConfigureAwait(false))
            {
                await HandleAsync(input).ConfigureAwait(false);
                while (_followUps.TryDequeue(out var next))
                {
                    await HandleAsync(next).ConfigureAwait(false);
                }

                if (_machine.State == UpperLayerState.Sta1 && _ended.Task.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Finished from outside.
        }
        finally
        {
            // Only this loop touches the sink: abandoning it here, however the loop ended, removes a partial file at once.
            await AbandonStoreAsync().ConfigureAwait(false);
            await FinishAsync(_endDescription).ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(AssociationInput input)
    {
        try
        {
            await HandleEventAsync(input).ConfigureAwait(false);
        }
        finally
        {
            // Delivered (its fragments copied by the sink and the command assembler) or refused: nothing refers to it now.
            if (input is AssociationInput.Received { Pdu: DataTransferPdu data })
            {
                data.ReturnBody();
            }
        }
    }

    private async Task HandleEventAsync(AssociationInput input)
    {
        var evt = Classify(input);
        if (evt is null)
        {
            return;
        }

        try
        {
            _machine.Handle(evt.Value);
        }
        catch (InvalidOperationException ex)
        {
            // A local request the standard does not allow in this state (e.g. sending after a release began).
            (input as AssociationInput.Primitive)?.Done?.TrySetException(new InvalidOperationException(
                $"The association cannot do that now ({_machine.State}).", ex));
            _work.Clear();
            return;
        }
        finally
        {
            _received = null;
            _toSend = null;
        }

        // Closing as soon as the association has left Sta6 (e.g. an A-RELEASE-RQ was read), before the work that answers it
        // (the A-RELEASE-RP) is written: whoever frees the association's resources on Closing has done so by the time the
        // peer learns the association is over and may associate again.
        if (Info is not null && _machine.State != UpperLayerState.Sta6)
        {
            _closing.TrySetResult();
        }

        // A local request is done once what it asked for has been carried out (e.g. its PDU written).
        await RunWorkAsync().ConfigureAwait(false);

        (input as AssociationInput.Primitive)?.Done?.TrySetResult();
        if (_machine.State == UpperLayerState.Sta1)
        {
            await AbandonStoreAsync().ConfigureAwait(false);
            await FinishAsync(_endDescription).ConfigureAwait(false);
        }
    }

    private UpperLayerEvent? Classify(AssociationInput input)
    {
        switch (input)
        {
            case AssociationInput.Received received:
                _received = received.Pdu;
                if (_machine.State == UpperLayerState.Sta6)
                {
                    RestartIdleTimer();
                }

                return received.Pdu switch
                {
                    AssociateAcceptPdu => UpperLayerEvent.Evt3,
                    AssociateRejectPdu => UpperLayerEvent.Evt4,
                    AssociateRequestPdu => UpperLayerEvent.Evt6,
                    DataTransferPdu => UpperLayerEvent.Evt10,
                    ReleaseRequestPdu => UpperLayerEvent.Evt12,
                    ReleaseResponsePdu => UpperLayerEvent.Evt13,
                    AbortPdu => UpperLayerEvent.Evt16,
                    _ => UpperLayerEvent.Evt19,
                };
            case AssociationInput.Invalid invalid:
                _providerAbortReason = invalid.Error.AbortReason;
                _endDescription = $"invalid PDU from the peer: {invalid.Error.Message}";
                return UpperLayerEvent.Evt19;
            case AssociationInput.TransportClosed:
                return _machine.State == UpperLayerState.Sta1 ? null : UpperLayerEvent.Evt17;
            case AssociationInput.ArtimExpired expired:
                return _artim.IsCurrent(expired.Expiry) && _machine.State != UpperLayerState.Sta1 ? UpperLayerEvent.Evt18 : null;
            case AssociationInput.Idle:
                if (_machine.State != UpperLayerState.Sta6)
                {
                    return null;
                }

                _endDescription = $"aborted after {_options.IdleTimeout.TotalSeconds:0} s without a PDU from the peer";
                return UpperLayerEvent.Evt15;
            case AssociationInput.TooOld:
                if (_machine.State != UpperLayerState.Sta6)
                {
                    // Before establishment ARTIM bounds the wait; during a release the peer's close or ARTIM ends it.
                    return null;
                }

                _endDescription = $"aborted at its maximum age of {_options.MaxAssociationAge.TotalSeconds:0} s (Node:MaxAssociationSeconds)";
                return UpperLayerEvent.Evt15;
            case AssociationInput.Primitive primitive:
                _toSend = primitive.Pdu;
                return primitive.Event;
            default:
                return null;
        }
    }

    /// <summary>Starts the clock of <see cref="AssociationOptions.MaxAssociationAge"/>, counted from the connection.</summary>
    private void StartAgeLimit()
    {
        if (_options.MaxAssociationAge != Timeout.InfiniteTimeSpan)
        {
            _ageTimer.Change(_options.MaxAssociationAge, Timeout.InfiniteTimeSpan);
        }
    }

    private void RestartIdleTimer()
    {
        if (!_lifetime.IsCancellationRequested)
        {
            _idleTimer.Change(_options.IdleTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task FinishAsync(string description)
    {
        if (!_lifetime.IsCancellationRequested)
        {
            _lifetime.Cancel();
        }

        _artim.Dispose();
        _idleTimer.Dispose();
        _ageTimer.Dispose();
        _inputs.Writer.TryComplete();
        await _connection.DisposeAsync().ConfigureAwait(false);
        FailPending(new DicomAssociationException($"The association ended: {description}."));
        _established.TrySetResult(false);
        _closing.TrySetResult();
        _ended.TrySetResult(new AssociationOutcome(Info is not null, _released, _aborted, _rejection, description));
    }

    /// <summary>Inputs of the association loop.</summary>
    private abstract record AssociationInput
    {
        public sealed record Received(Pdu Pdu) : AssociationInput;

        public sealed record Invalid(PduFormatException Error) : AssociationInput;

        public sealed record TransportClosed : AssociationInput;

        public sealed record ArtimExpired(ArtimExpiry Expiry) : AssociationInput;

        public sealed record Idle : AssociationInput;

        public sealed record TooOld : AssociationInput;

        public sealed record Primitive(UpperLayerEvent Event, Pdu? Pdu, TaskCompletionSource? Done) : AssociationInput;
    }

    /// <summary>What an action asked the loop to do, in order.</summary>
    private abstract record Work
    {
        public sealed record Send(Pdu Pdu) : Work;

        public sealed record CloseTransport : Work;

        public sealed record Deliver(DataTransferPdu Pdu) : Work;

        public sealed record Run(Func<Task> Action) : Work;
    }
}
