using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Services;

/// <summary>
/// A DICOM SCP: accepts connections, negotiates associations with the current policy, answers C-ECHO
/// and streams C-STORE data sets to the store handler. Each association runs on its own; a misbehaving
/// peer is aborted without disturbing the others.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly ICStoreHandler? _storeHandler;
    private readonly IAssociationObserver? _observer;
    private readonly ConcurrentDictionary<Guid, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private DicomListener? _listener;
    private Task? _acceptLoop;
    private int _established;

    public DicomServer(DicomServerOptions options, ICStoreHandler? storeHandler = null, IAssociationObserver? observer = null)
    {
        _options = options;
        _storeHandler = storeHandler;
        _observer = observer;
    }

    public IPEndPoint LocalEndPoint => _listener?.LocalEndPoint ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>Associations accepted and not yet ended.</summary>
    public int ActiveAssociations => Volatile.Read(ref _established);

    /// <summary>Binds the listening socket; connections are served until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        _listener = DicomListener.Start(_options.BindAddress, _options.Port, _options.Tls);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Stops listening and aborts the associations still open.</summary>
    public async Task StopAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        _listener = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (token.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            // Connections beyond twice the association limit are closed at once: the limit itself is
            // answered with A-ASSOCIATE-RJ, but idle sockets must not pile up without bound.
            if (_connections.Count >= (2 * _options.Policy().MaxAssociations) + 8)
            {
                socket.Dispose();
                continue;
            }

            var id = Guid.NewGuid();
            _connections[id] = ServeAsync(socket, id, token);
        }
    }

    private async Task ServeAsync(Socket socket, Guid id, CancellationToken token)
    {
        // Run the association off the accept loop's thread.
        await Task.Yield();
        var started = _options.Association.TimeProvider.GetUtcNow();
        var peer = socket.RemoteEndPoint as IPEndPoint;
        var peerAddress = peer is null ? "?" : (peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4() : peer.Address).ToString();
        var counter = _storeHandler is null ? null : new CountingStoreHandler(_storeHandler);
        AssociateRequestPdu? request = null;
        AssociationDecision? decision = null;
        var counted = false;
        try
        {
            DicomConnection connection;
            try
            {
                connection = await _listener!.SecureAsync(socket, _options.Association.ArtimTimeout, token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                socket.Dispose();
                Report(started, null, peerAddress, peer?.Port ?? 0, false, $"TLS handshake failed: {ex.Message}", 0, "closed");
                return;
            }

            var association = DicomAssociation.Accept(connection, _options.Association, rq =>
            {
                request = rq;

                // Reserve a slot before deciding, so that two requests arriving together cannot both pass
                // the limit; a rejection gives the slot back.
                var others = Interlocked.Increment(ref _established) - 1;
                decision = AssociationPolicy.Decide(rq, connection.PeerHost, others, _options.Policy());
                if (decision.IsAccepted)
                {
                    counted = true;
                }
                else
                {
                    Interlocked.Decrement(ref _established);
                }

                return decision;
            }, counter);

            await using (association.ConfigureAwait(false))
            {
                using var registration = token.Register(() => _ = association.AbortAsync());
                var outcome = await association.Ended.ConfigureAwait(false);
                Report(started, request, peerAddress, peer?.Port ?? 0, decision?.IsAccepted ?? false,
                    decision?.Explanation ?? "no A-ASSOCIATE-RQ received", counter?.Stored ?? 0, outcome.Description);
            }
        }
        finally
        {
            if (counted)
            {
                Interlocked.Decrement(ref _established);
            }

            _connections.TryRemove(id, out _);
        }
    }

    private void Report(DateTimeOffset started, AssociateRequestPdu? request, string peer, int port, bool accepted, string decision, int stored, string outcome)
    {
        _observer?.AssociationEnded(new AssociationRecord(started, _options.Association.TimeProvider.GetUtcNow(),
            AeTitleText.Printable(request?.CallingAeTitle.Trim()), AeTitleText.Printable(request?.CalledAeTitle.Trim()), peer, port, accepted, decision, stored, outcome));
    }

    /// <summary>Counts the instances stored with success on one association.</summary>
    private sealed class CountingStoreHandler(ICStoreHandler inner) : ICStoreHandler
    {
        private int _stored;

        public int Stored => Volatile.Read(ref _stored);

        public async ValueTask<ICStoreSink> BeginStoreAsync(CStoreRequestContext request, CancellationToken cancellationToken) =>
            new CountingSink(await inner.BeginStoreAsync(request, cancellationToken).ConfigureAwait(false), this);

        private sealed class CountingSink(ICStoreSink inner, CountingStoreHandler owner) : ICStoreSink
        {
            public ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken) => inner.WriteAsync(fragment, cancellationToken);

            public async ValueTask<Dimse.DimseStatus> CompleteAsync(CancellationToken cancellationToken)
            {
                var status = await inner.CompleteAsync(cancellationToken).ConfigureAwait(false);
                if (!status.IsFailure)
                {
                    Interlocked.Increment(ref owner._stored);
                }

                return status;
            }

            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
