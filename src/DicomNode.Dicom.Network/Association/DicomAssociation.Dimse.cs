using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Association;

/// <summary>DIMSE over the association: reassembling what arrives, answering requests, sending messages.</summary>
internal sealed partial class DicomAssociation
{
    /// <summary>When the peer announces no limit (0), we still cut data into PDUs of this size.</summary>
    private const int UnlimitedPduChunk = 256 * 1024;

    private readonly DimseMessageAssembler _assembler = new();
    private ICStoreHandler? _storeHandler;
    private ICStoreSink? _sink;
    private DimseCommand? _incomingRequest;
    private DimseStatus _sinkFailure = DimseStatus.Success;
    private TaskCompletionSource<DimseCommand>? _pendingResponse;
    private ushort _nextMessageId;

    /// <summary>The next Message ID (0000,0110) for a request we send.</summary>
    public ushort NextMessageId() => ++_nextMessageId == 0 ? ++_nextMessageId : _nextMessageId;

    /// <summary>
    /// Sends a request and waits for its response (an asynchronous operations window of 1). The data set,
    /// when given, must already be encoded in the presentation context's transfer syntax.
    /// </summary>
    public async Task<DimseCommand> SendRequestAsync(byte presentationContextId, DimseCommand request, ReadOnlyMemory<byte>? dataSet, CancellationToken cancellationToken)
    {
        if (Info is null || _ended.Task.IsCompleted)
        {
            throw new DicomAssociationException("The association is not established.");
        }

        var response = new TaskCompletionSource<DimseCommand>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _pendingResponse, response, null) is not null)
        {
            throw new InvalidOperationException("A request is already outstanding; the association negotiates one operation at a time.");
        }

        try
        {
            TaskCompletionSource? sent = null;
            foreach (var pdu in Fragment(presentationContextId, request, dataSet))
            {
                sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await _inputs.Writer.WriteAsync(new AssociationInput.Primitive(UpperLayerEvent.Evt9, pdu, sent), cancellationToken).ConfigureAwait(false);
            }

            await sent!.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return await response.Task.WaitAsync(_options.ResponseTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await AbortAsync().ConfigureAwait(false);
            throw new TimeoutException($"No response to {request.CommandField} within {_options.ResponseTimeout.TotalSeconds:0} s; the association was aborted.");
        }
        catch (System.Threading.Channels.ChannelClosedException)
        {
            throw new DicomAssociationException("The association ended before the request could be sent.");
        }
        finally
        {
            Interlocked.CompareExchange(ref _pendingResponse, null, response);
        }
    }

    private void FailPending(Exception error) => _pendingResponse?.TrySetException(error);

    /// <summary>Cuts a message into P-DATA-TF PDUs within the peer's maximum length; command and data set never share a PDU.</summary>
    private IEnumerable<DataTransferPdu> Fragment(byte contextId, DimseCommand command, ReadOnlyMemory<byte>? dataSet)
    {
        // PS3.8 §9.3.5: the maximum length counts the PDV items, each 4 (length) + 1 (context) + 1 (control) + data.
        var max = PeerMaxPduLength == 0 ? UnlimitedPduChunk : (int)Math.Min(PeerMaxPduLength, int.MaxValue);
        var chunk = Math.Max(1, max - 6);
        foreach (var pdu in FragmentPart(contextId, command.Encode(), chunk, isCommand: true))
        {
            yield return pdu;
        }

        if (dataSet is { } data)
        {
            foreach (var pdu in FragmentPart(contextId, data, chunk, isCommand: false))
            {
                yield return pdu;
            }
        }
    }

    private static IEnumerable<DataTransferPdu> FragmentPart(byte contextId, ReadOnlyMemory<byte> bytes, int chunk, bool isCommand)
    {
        if (bytes.Length == 0)
        {
            yield return new DataTransferPdu(new[] { new PresentationDataValue(contextId, isCommand, true, ReadOnlyMemory<byte>.Empty) });
            yield break;
        }

        for (var offset = 0; offset < bytes.Length; offset += chunk)
        {
            var length = Math.Min(chunk, bytes.Length - offset);
            var last = offset + length == bytes.Length;
            yield return new DataTransferPdu(new[] { new PresentationDataValue(contextId, isCommand, last, bytes.Slice(offset, length)) });
        }
    }

    private async Task DeliverAsync(DataTransferPdu pdu)
    {
        foreach (var value in pdu.Values)
        {
            if (Info!.PresentationContexts.All(c => c.Id != value.PresentationContextId))
            {
                ProtocolError(new DimseProtocolException($"P-DATA on presentation context {value.PresentationContextId}, which was not accepted."));
                return;
            }

            AssemblyProgress progress;
            try
            {
                progress = _assembler.Accept(value);
            }
            catch (DimseProtocolException ex)
            {
                ProtocolError(ex);
                return;
            }

            switch (progress)
            {
                case AssemblyProgress.CommandComplete:
                    await OnCommandAsync(_assembler.Command!, _assembler.PresentationContextId).ConfigureAwait(false);
                    break;
                case AssemblyProgress.DataFragment:
                    await WriteToSinkAsync(value.Fragment).ConfigureAwait(false);
                    break;
                case AssemblyProgress.DataComplete:
                    await WriteToSinkAsync(value.Fragment).ConfigureAwait(false);
                    await CompleteRequestAsync(value.PresentationContextId).ConfigureAwait(false);
                    break;
            }
        }
    }

    private async Task OnCommandAsync(DimseCommand command, byte contextId)
    {
        if (!command.IsRequest)
        {
            if (_role == Role.Requestor && _pendingResponse is { } pending)
            {
                pending.TrySetResult(command);
            }

            return;
        }

        if (_role == Role.Requestor)
        {
            // We act as SCU only; a request from the acceptor is answered, never performed.
            if (!command.HasDataSet)
            {
                RespondFromLoop(contextId, DimseCommand.ResponseTo(command, DimseStatus.UnrecognizedOperation));
                return;
            }

            _incomingRequest = command;
            _sinkFailure = DimseStatus.UnrecognizedOperation;
            return;
        }

        _incomingRequest = command;
        _sinkFailure = DimseStatus.Success;
        switch (command.CommandField)
        {
            case CommandField.CEchoRequest:
                // PS3.4 §A.4: a C-ECHO is answered with success.
                RespondFromLoop(contextId, DimseCommand.ResponseTo(command, DimseStatus.Success));
                break;
            case CommandField.CStoreRequest when command.HasDataSet && _storeHandler is not null:
                await BeginStoreAsync(command, contextId).ConfigureAwait(false);
                break;
            default:
                if (!command.HasDataSet)
                {
                    RespondFromLoop(contextId, DimseCommand.ResponseTo(command, DimseStatus.UnrecognizedOperation));
                }
                else
                {
                    _sinkFailure = DimseStatus.UnrecognizedOperation;
                }

                break;
        }
    }

    private async Task BeginStoreAsync(DimseCommand command, byte contextId)
    {
        var context = Info!.PresentationContexts.First(c => c.Id == contextId);
        if (command.AffectedSopClassUid != context.AbstractSyntax)
        {
            // PS3.4 §B.2.3: the instance's class must be that of the presentation context.
            _sinkFailure = DimseStatus.DataSetDoesNotMatchSopClass;
            return;
        }

        var request = new CStoreRequestContext(
            Info,
            command.AffectedSopClassUid ?? string.Empty,
            command.AffectedSopInstanceUid ?? string.Empty,
            context.TransferSyntax,
            command.MessageId,
            command.Dataset.TryGetUInt16(DicomTags.Priority, out var priority) ? priority : (ushort)0,
            command.MoveOriginatorAeTitle);
        try
        {
            _sink = await _storeHandler!.BeginStoreAsync(request, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _sinkFailure = DimseStatus.OutOfResources;
        }
    }

    private async Task WriteToSinkAsync(ReadOnlyMemory<byte> fragment)
    {
        if (_sink is null || !_sinkFailure.IsSuccess || fragment.IsEmpty)
        {
            return;
        }

        try
        {
            await _sink.WriteAsync(fragment, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep reading the rest of the data set so the association stays usable, then answer failure.
            _sinkFailure = ex is IOException ? DimseStatus.OutOfResources : DimseStatus.ProcessingFailure;
        }
    }

    private async Task CompleteRequestAsync(byte contextId)
    {
        var request = _incomingRequest;
        _incomingRequest = null;
        var sink = _sink;
        _sink = null;
        if (request is null)
        {
            return;
        }

        var status = _sinkFailure;
        if (sink is not null)
        {
            try
            {
                if (status.IsSuccess)
                {
                    status = await sink.CompleteAsync(_lifetime.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                status = ex is IOException ? DimseStatus.OutOfResources : DimseStatus.ProcessingFailure;
            }
            finally
            {
                await sink.DisposeAsync().ConfigureAwait(false);
            }
        }
        else if (status.IsSuccess)
        {
            status = DimseStatus.ProcessingFailure;
        }

        if (request.IsRequest)
        {
            RespondFromLoop(contextId, DimseCommand.ResponseTo(request, status));
        }
    }

    /// <summary>Queues a response message as P-DATA request primitives handled right after the current event.</summary>
    private void RespondFromLoop(byte contextId, DimseCommand response)
    {
        foreach (var pdu in Fragment(contextId, response, null))
        {
            _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt9, pdu, null));
        }
    }
}
