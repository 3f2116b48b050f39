using System.Net;
using System.Net.Sockets;
using DicomNode.Dicom;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Workflow.Tests.Support;

/// <summary>
/// A storage SCU whose every step a test scripts: associate, send a C-STORE command and as many data
/// fragments as it likes, then finish properly or walk away (abort, close, release mid-transfer).
/// Every wait is bounded.
/// </summary>
internal sealed class ScriptedScu : IDisposable
{
    public const byte ContextId = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private ScriptedScu(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: false);
    }

    public static async Task<ScriptedScu> AssociateAsync(int port, string callingAe = "MODALITY", string? transferSyntax = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var timeout = new CancellationTokenSource(Wait);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var scu = new ScriptedScu(socket);
        await scu.SendAsync(new AssociateRequestPdu("DICOMNODE", callingAe,
            new[] { new PresentationContextProposal(ContextId, TestInstances.MrImageStorage, new[] { transferSyntax ?? DicomTransferSyntax.ExplicitVRLittleEndian.Uid }) },
            new UserInformation { MaximumLength = 16384 }));
        var answer = await scu.ReadAsync();
        if (answer is not AssociateAcceptPdu)
        {
            scu.Dispose();
            throw new InvalidOperationException($"The association was not accepted: {answer}.");
        }

        return scu;
    }

    public Task SendCommandAsync(DimseCommand command) =>
        SendAsync(new DataTransferPdu(new[] { new PresentationDataValue(ContextId, IsCommand: true, IsLastFragment: true, command.Encode()) }));

    /// <summary>Sends <paramref name="data"/> in fragments of <paramref name="fragment"/> bytes; the last is marked last only when <paramref name="complete"/>.</summary>
    public async Task SendDataAsync(ReadOnlyMemory<byte> data, bool complete, int fragment = 4096)
    {
        for (var offset = 0; offset < data.Length; offset += fragment)
        {
            var length = Math.Min(fragment, data.Length - offset);
            var last = complete && offset + length == data.Length;
            await SendAsync(new DataTransferPdu(new[] { new PresentationDataValue(ContextId, IsCommand: false, last, data.Slice(offset, length)) }));
        }
    }

    /// <summary>Sends a whole C-STORE and returns the status of its response.</summary>
    public async Task<DimseStatus> StoreAsync(byte[] dataset, string sopInstanceUid, ushort messageId = 1)
    {
        await SendCommandAsync(DimseCommand.CStoreRequest(messageId, TestInstances.MrImageStorage, sopInstanceUid));
        await SendDataAsync(dataset, complete: true);
        return (await ReadResponseAsync()).Status;
    }

    /// <summary>Reads P-DATA-TF PDUs until a whole command has arrived.</summary>
    public async Task<DimseCommand> ReadResponseAsync()
    {
        using var command = new MemoryStream();
        while (true)
        {
            var pdu = await ReadAsync();
            if (pdu is not DataTransferPdu data)
            {
                throw new InvalidOperationException($"Expected a response, got {pdu?.Type.ToString() ?? "the connection closed"}.");
            }

            foreach (var value in data.Values)
            {
                command.Write(value.Fragment.Span);
                if (value.IsCommand && value.IsLastFragment)
                {
                    return DimseCommand.Decode(command.ToArray());
                }
            }
        }
    }

    public async Task AbortAsync()
    {
        await SendAsync(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified));
        Dispose();
    }

    /// <summary>Asks for release and waits for the answer (or the close); then closes.</summary>
    public async Task ReleaseAsync()
    {
        await SendAsync(new ReleaseRequestPdu());
        while (await ReadAsync() is { } pdu && pdu is not ReleaseResponsePdu)
        {
        }

        Dispose();
    }

    public void Dispose()
    {
        _stream.Dispose();
        _socket.Dispose();
    }

    private async Task SendAsync(Pdu pdu)
    {
        using var timeout = new CancellationTokenSource(Wait);
        await PduWriter.WriteAsync(_stream, pdu, timeout.Token);
    }

    private async Task<Pdu?> ReadAsync()
    {
        using var timeout = new CancellationTokenSource(Wait);
        return await PduReader.ReadAsync(_stream, 1 << 20, timeout.Token);
    }
}
