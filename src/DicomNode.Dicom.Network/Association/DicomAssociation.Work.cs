using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Transport;
using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Association;

/// <summary>Starting an association on either side, and carrying out the queued work.</summary>
internal sealed partial class DicomAssociation
{
    private Role _role;

    private enum Role
    {
        Requestor,
        Acceptor,
    }

    /// <summary>
    /// Serves an accepted transport connection as the association acceptor: waits (under ARTIM) for the
    /// A-ASSOCIATE-RQ, answers it with <paramref name="decide"/>, then serves DIMSE requests until release or abort.
    /// </summary>
    public static DicomAssociation Accept(
        DicomConnection connection,
        AssociationOptions options,
        Func<AssociateRequestPdu, AssociationDecision> decide,
        ICStoreHandler? storeHandler)
    {
        var association = new DicomAssociation(connection, options)
        {
            _role = Role.Acceptor,
            _decide = decide,
            _storeHandler = storeHandler,
        };
        association.StartAgeLimit();
        // The transport indication goes in before the reader starts: an A-ASSOCIATE-RQ already in the socket, read and
        // queued ahead of it, met the machine idle (Sta1), was dropped as an event that state does not allow, and ARTIM
        // closed the connection 10 s later (about 1 association in 200-400 on a busy 2-core machine).
        association.Post(new AssociationInput.Primitive(UpperLayerEvent.Evt5, null, null));
        association.StartLoops();
        options.LoopsStarted?.Invoke();
        return association;
    }

    /// <summary>Requests an association on an open connection; throws <see cref="DicomAssociationRejectedException"/> when rejected.</summary>
    public static async Task<DicomAssociation> RequestAsync(DicomConnection connection, AssociateRequestPdu request, AssociationOptions options, CancellationToken cancellationToken)
    {
        var association = new DicomAssociation(connection, options) { _role = Role.Requestor, _request = request };
        association.Post(new AssociationInput.Primitive(UpperLayerEvent.Evt1, null, null));
        association.Post(new AssociationInput.Primitive(UpperLayerEvent.Evt2, null, null));
        association.StartLoops();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ResponseTimeout);
        try
        {
            var established = await association._established.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            if (established)
            {
                return association;
            }
        }
        catch (OperationCanceledException)
        {
            await association.DisposeAsync().ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new TimeoutException($"No answer to the A-ASSOCIATE-RQ within {options.ResponseTimeout.TotalSeconds:0} s.");
        }

        var outcome = await association.Ended.ConfigureAwait(false);
        if (outcome.Rejection is { } rejection)
        {
            throw new DicomAssociationRejectedException(rejection, outcome.Description);
        }

        throw new DicomAssociationException($"The association was not established: {outcome.Description}.");
    }

    /// <summary>Releases the association (A-RELEASE-RQ) and waits for it to end.</summary>
    public async Task<AssociationOutcome> ReleaseAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Post(new AssociationInput.Primitive(UpperLayerEvent.Evt11, null, done)))
        {
            await Task.WhenAny(done.Task, _ended.Task).ConfigureAwait(false);
        }

        var finished = await Task.WhenAny(_ended.Task, Task.Delay(_options.ResponseTimeout)).ConfigureAwait(false);
        if (finished != _ended.Task)
        {
            await AbortAsync().ConfigureAwait(false);
        }

        return await _ended.Task.ConfigureAwait(false);
    }

    private async Task RunWorkAsync()
    {
        while (_work.TryDequeue(out var work))
        {
            switch (work)
            {
                case Work.Send send:
                    await SendPduAsync(send.Pdu).ConfigureAwait(false);
                    break;
                case Work.CloseTransport:
                    await CloseTransportAsync().ConfigureAwait(false);
                    break;
                case Work.Deliver deliver:
                    await DeliverAsync(deliver.Pdu).ConfigureAwait(false);
                    break;
                case Work.Run run:
                    await run.Action().ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task SendPduAsync(Pdu pdu)
    {
        try
        {
            await PduWriter.WriteAsync(_connection.Stream, pdu, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The reader sees the closed connection and raises Evt17.
            _endDescription = $"the connection failed while sending: {ex.Message}";
        }
    }

    private async Task CloseTransportAsync()
    {
        try
        {
            await _connection.Stream.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // Nothing left to flush to.
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private void ProtocolError(DimseProtocolException error)
    {
        _providerAbortReason = error.Reason;
        _endDescription = $"aborted: {error.Message}";
        _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt19, null, null));
    }
}
