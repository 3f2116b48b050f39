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
/// peer is aborted without disturbing the others. Connections that have not yet asked for an association
/// are bounded in all and per address by closing the oldest of them, so a new connection is always heard;
/// associations are counted in all, per calling AE title and per address for the policy's limits.
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
    private readonly Lock _gate = new();
    private readonly LinkedList<PendingConnection> _pending = new();
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byAddress = new(StringComparer.OrdinalIgnoreCase);
    private int _established;

    public DicomServer(DicomServerOptions options, ICStoreHandler? storeHandler = null, IAssociationObserver? observer = null)
    {
        _options = options;
        _storeHandler = storeHandler;
        _observer = observer;
    }

    public IPEndPoint LocalEndPoint => _listener?.LocalEndPoint ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>Associations accepted and not yet ended.</summary>
    public int ActiveAssociations
    {
        get
        {
            lock (_gate)
            {
                return _established;
            }
        }
    }

    /// <summary>Connections open that have not yet sent an A-ASSOCIATE-RQ.</summary>
    public int PendingConnections
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

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

            var peer = socket.RemoteEndPoint as IPEndPoint;
            var pending = new PendingConnection(socket, peer, peer is null ? "?" : (peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4() : peer.Address).ToString());
            Admit(pending)?.Close();
            var id = Guid.NewGuid();
            _connections[id] = ServeAsync(pending, id, token);
        }
    }

    /// <summary>
    /// Counts a new connection among those without an A-ASSOCIATE-RQ; returns the one to close to make room: the
    /// oldest of its address when that address is at its limit, else the oldest of all when all are at theirs.
    /// </summary>
    private PendingConnection? Admit(PendingConnection connection)
    {
        lock (_gate)
        {
            PendingConnection? oldest = null;
            var fromAddress = 0;
            foreach (var other in _pending)
            {
                if (string.Equals(other.Address, connection.Address, StringComparison.OrdinalIgnoreCase) && fromAddress++ == 0)
                {
                    oldest = other;
                }
            }

            var evict = fromAddress >= _options.MaxPendingConnectionsPerAddress ? oldest
                : _pending.Count >= _options.MaxPendingConnections ? _pending.First?.Value
                : null;
            if (evict is not null)
            {
                _pending.Remove(evict.Node!);
                evict.Node = null;
                evict.Evicted = true;
            }

            connection.Node = _pending.AddLast(connection);
            return evict;
        }
    }

    /// <summary>The connection has asked for an association, or ended: it no longer counts as pending.</summary>
    private void Leave(PendingConnection connection)
    {
        lock (_gate)
        {
            if (connection.Node is { } node)
            {
                _pending.Remove(node);
                connection.Node = null;
            }
        }
    }

    private AssociationDecision DecideCounted(AssociateRequestPdu request, PendingConnection connection, string peerHost, out bool counted)
    {
        var caller = request.CallingAeTitle.Trim();
        lock (_gate)
        {
            if (connection.Node is { } node)
            {
                _pending.Remove(node);
                connection.Node = null;
            }

            // Counted and decided under one lock, so that two requests arriving together cannot both pass a limit.
            var load = new AssociationLoad(_established, _byCaller.GetValueOrDefault(caller), _byAddress.GetValueOrDefault(connection.Address));
            var decision = AssociationPolicy.Decide(request, peerHost, load, _options.Policy());
            counted = decision.IsAccepted;
            if (counted)
            {
                _established++;
                _byCaller[caller] = load.OfCaller + 1;
                _byAddress[connection.Address] = load.FromAddress + 1;
            }

            return decision;
        }
    }

    private void Release(string caller, string address)
    {
        lock (_gate)
        {
            _established--;
            Decrement(_byCaller, caller);
            Decrement(_byAddress, address);
        }
    }

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        if (counts.TryGetValue(key, out var count) && count > 1)
        {
            counts[key] = count - 1;
        }
        else
        {
            counts.Remove(key);
        }
    }

    private async Task ServeAsync(PendingConnection pending, Guid id, CancellationToken token)
    {
        // Run the association off the accept loop's thread.
        await Task.Yield();
        var socket = pending.Socket;
        var started = _options.Association.TimeProvider.GetUtcNow();
        // Read in the accept loop: the socket may be closed to make room before this runs.
        var peer = pending.Peer;
        var peerAddress = pending.Address;
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
                Report(started, null, peerAddress, peer?.Port ?? 0, false, $"TLS handshake failed: {ex.Message}", 0, pending.Evicted ? EvictedOutcome : "closed");
                return;
            }

            var association = DicomAssociation.Accept(connection, _options.Association, rq =>
            {
                request = rq;
                decision = DecideCounted(rq, pending, connection.PeerHost, out counted);
                return decision;
            }, counter);

            await using (association.ConfigureAwait(false))
            {
                using var registration = token.Register(() => _ = association.AbortAsync());

                // The slot is free once the association can carry no more requests, not only once the peer has
                // closed its connection: a caller that releases and associates again at once finds its slot.
                await association.Closing.ConfigureAwait(false);
                if (counted)
                {
                    counted = false;
                    Release(request!.CallingAeTitle.Trim(), pending.Address);
                }

                var outcome = await association.Ended.ConfigureAwait(false);
                Report(started, request, peerAddress, peer?.Port ?? 0, decision?.IsAccepted ?? false,
                    decision?.Explanation ?? "no A-ASSOCIATE-RQ received", counter?.Stored ?? 0, pending.Evicted && request is null ? EvictedOutcome : outcome.Description);
            }
        }
        finally
        {
            Leave(pending);
            if (counted)
            {
                Release(request!.CallingAeTitle.Trim(), pending.Address);
            }

            _connections.TryRemove(id, out _);
        }
    }

    private void Report(DateTimeOffset started, AssociateRequestPdu? request, string peer, int port, bool accepted, string decision, int stored, string outcome)
    {
        _observer?.AssociationEnded(new AssociationRecord(started, _options.Association.TimeProvider.GetUtcNow(),
            AeTitleText.Printable(request?.CallingAeTitle.Trim()), AeTitleText.Printable(request?.CalledAeTitle.Trim()), peer, port, accepted, decision, stored, outcome));
    }

    private const string EvictedOutcome = "closed to make room: the oldest connection without an A-ASSOCIATE-RQ of its address or of all";

    /// <summary>A connection not yet past its A-ASSOCIATE-RQ; the gate's lock guards its fields.</summary>
    private sealed class PendingConnection(Socket socket, IPEndPoint? peer, string address)
    {
        public Socket Socket { get; } = socket;

        public IPEndPoint? Peer { get; } = peer;

        public string Address { get; } = address;

        public LinkedListNode<PendingConnection>? Node { get; set; }

        public bool Evicted { get; set; }

        /// <summary>Closes the socket under whatever reads it: the TLS handshake or the association sees the transport gone.</summary>
        public void Close()
        {
            try
            {
                Socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Already closed by the peer or by the association.
            }

            Socket.Dispose();
        }
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
