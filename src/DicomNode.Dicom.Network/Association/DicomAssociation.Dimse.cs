using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Association;

/// <summary>DIMSE over the association: reassembling what arrives, answering requests, sending messages.</summary>
internal sealed partial class DicomAssociation
{
    /// <summary>When the peer announces no limit (0), we still cut data into PDUs of this size.</summary>
    private const int UnlimitedPduChunk = 256 * 1024;

    /// <summary>PS3.8 §9.3.5.1: each PDV item is a 4-byte length, a context ID and a control header before its data.</summary>
    private const int PresentationDataValueOverhead = 6;

    private readonly DimseMessageAssembler _assembler = new();
    private ICStoreHandler? _storeHandler;
    private ICStoreSink? _sink;
    private MetaGroupFilter? _metaFilter;
    private readonly List<ReadOnlyMemory<byte>> _kept = new(2);
    private DimseCommand? _incomingRequest;
    private DimseStatus _sinkFailure = DimseStatus.Success;
    private bool _echoWithDataSet;
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
        // The policy refuses peers announcing less than MinimumPeerMaxPduLength, so the chunk is never empty
        // and no PDU we send exceeds what the peer announced.
        var max = PeerMaxPduLength == 0 ? UnlimitedPduChunk : (int)Math.Min(PeerMaxPduLength, UnlimitedPduChunk);
        if (max < AssociationPolicy.MinimumPeerMaxPduLength)
        {
            throw new DicomAssociationException($"The peer's maximum PDU length of {max} bytes is below {AssociationPolicy.MinimumPeerMaxPduLength}; nothing can be sent within it.");
        }

        var chunk = max - PresentationDataValueOverhead;
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
                    await FinishDataSetAsync().ConfigureAwait(false);
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
        _echoWithDataSet = false;
        switch (command.CommandField)
        {
            case CommandField.CEchoRequest when !command.HasDataSet:
                // PS3.4 §A.4: a C-ECHO is answered with success.
                RespondFromLoop(contextId, DimseCommand.ResponseTo(command, DimseStatus.Success));
                break;
            case CommandField.CEchoRequest:
                // PS3.7 §9.3.5.1: a C-ECHO has no data set. One that announces one is answered once, with
                // success, when that data set has arrived and been discarded — never a second time.
                _echoWithDataSet = true;
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
            _metaFilter = new MetaGroupFilter(DicomTransferSyntax.Parse(context.TransferSyntax));
        }
        catch (Exception ex) when (ex is ArgumentException or DicomFormatException or KeyNotFoundException)
        {
            // The handler refuses a transfer syntax it cannot name; nothing to filter for it.
            _metaFilter = null;
        }

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

        if (_metaFilter is null)
        {
            await WriteKeptAsync(fragment).ConfigureAwait(false);
            return;
        }

        _kept.Clear();
        _metaFilter.Filter(fragment, _kept);
        if (_metaFilter.IsInvalid)
        {
            // A group 0002 element of undefined length cannot be skipped: refuse the data set (PS3.4 §B.2.3).
            _sinkFailure = DimseStatus.CannotUnderstand;
            return;
        }

        foreach (var kept in _kept)
        {
            await WriteKeptAsync(kept).ConfigureAwait(false);
        }
    }

    private async Task FinishDataSetAsync()
    {
        var filter = _metaFilter;
        _metaFilter = null;
        if (filter is null || _sink is null || !_sinkFailure.IsSuccess)
        {
            return;
        }

        _kept.Clear();
        filter.Finish(_kept);
        foreach (var kept in _kept)
        {
            await WriteKeptAsync(kept).ConfigureAwait(false);
        }
    }

    private async Task WriteKeptAsync(ReadOnlyMemory<byte> bytes)
    {
        if (_sink is null || !_sinkFailure.IsSuccess || bytes.IsEmpty)
        {
            return;
        }

        try
        {
            await _sink.WriteAsync(bytes, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Keep reading the rest of the data set so the association stays usable, then answer failure.
            _sinkFailure = ex is IOException ? DimseStatus.OutOfResources : DimseStatus.ProcessingFailure;
        }
    }

    /// <summary>
    /// The association has ended (release, abort, closed connection, shutdown) in the middle of a C-STORE:
    /// the sink is disposed at once, which deletes its partial file, rather than left for the next start.
    /// </summary>
    private async Task AbandonStoreAsync()
    {
        var sink = _sink;
        _sink = null;
        _metaFilter = null;
        _incomingRequest = null;
        if (sink is not null)
        {
            await DisposeQuietlyAsync(sink).ConfigureAwait(false);
        }
    }

    private static async Task DisposeQuietlyAsync(ICStoreSink sink)
    {
        try
        {
            await sink.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // The status is decided and the loop must go on; a file the sink could not delete is removed by recovery.
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
                await DisposeQuietlyAsync(sink).ConfigureAwait(false);
            }
        }
        else if (status.IsSuccess && !_echoWithDataSet)
        {
            status = DimseStatus.ProcessingFailure;
        }

        _echoWithDataSet = false;

        if (request.IsRequest)
        {
            RespondFromLoop(contextId, DimseCommand.ResponseTo(request, status));
        }
    }

    /// <summary>Queues a response message as P-DATA request primitives handled right after the current event.</summary>
    private void RespondFromLoop(byte contextId, DimseCommand response)
    {
        if (PeerMaxPduLength is > 0 and < AssociationPolicy.MinimumPeerMaxPduLength)
        {
            // Only a requestor meets this (the acceptor's policy refuses such peers): no answer fits, so abort.
            _endDescription = $"aborted: the peer's maximum PDU length of {PeerMaxPduLength} bytes is too small to answer within";
            _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt15, null, null));
            return;
        }

        foreach (var pdu in Fragment(contextId, response, null))
        {
            _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt9, pdu, null));
        }
    }
}
