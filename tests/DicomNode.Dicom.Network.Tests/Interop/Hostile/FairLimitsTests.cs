using System.Net;
using System.Net.Sockets;
using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Tests.Interop.Hostile;

/// <summary>
/// Issue 22, point 3: idle connections and keep-alive associations of other peers never lock a configured caller out.
/// Peers come from other loopback addresses (127.0.0.0/8 is all loopback on Linux), as a flood would.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public sealed class FairLimitsTests
{
    private const string Scanner = "SCANNER";

    /// <summary>The client's own limit on each echo (connect, associate, answer, release): the pass criterion.</summary>
    private static readonly TimeSpan EchoTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ConfiguredCaller_IsServed20TimesInARow_While500IdleConnectionsAnd16KeepAliveAssociationsAreHeld()
    {
        await using var scp = StorageScpFixture.Start(
            policy: p => p with
            {
                AcceptedCallers = [new AcceptedCaller(Scanner)],
                AcceptAnyCaller = true,
                MaxAssociations = 16,
                MaxAssociationsPerCaller = 8,
                MaxAssociationsPerAddress = 8,
            },
            association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(30), IdleTimeout = TimeSpan.FromSeconds(30) });

        var idle = new List<Socket>();
        var keepAlive = new List<DicomAssociation>();
        using var stop = new CancellationTokenSource();
        try
        {
            // 500 connections that never send a byte, from ten addresses.
            for (var i = 0; i < 500; i++)
            {
                idle.Add(await ConnectFromAsync($"127.0.0.{10 + (i % 10)}", scp.Port));
            }

            // 16 associations of unlisted callers from four addresses fill the node's 16; each echoes as a keep-alive.
            for (var i = 0; i < 16; i++)
            {
                keepAlive.Add(await AssociateFromAsync($"127.0.0.{2 + (i % 4)}", scp.Port, $"KEEP{i:00}"));
            }

            var keeping = Task.WhenAll(keepAlive.Select(a => KeepAliveAsync(a, stop.Token)));
            Assert.Equal(16, scp.Server.ActiveAssociations);
            var refused = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => AssociateFromAsync("127.0.0.6", scp.Port, "KEEP16"));
            Assert.Equal((AssociateRejectResult.RejectedTransient, AssociateRejectReason.LocalLimitExceeded), (refused.Rejection.Result, refused.Rejection.Reason));

            for (var round = 0; round < 20; round++)
            {
                using var timeout = new CancellationTokenSource(EchoTimeout);
                var client = new DicomClient(new DicomClientOptions
                {
                    Host = "127.0.0.1",
                    Port = scp.Port,
                    CallingAeTitle = Scanner,
                    CalledAeTitle = StorageScpFixture.AeTitle,
                    ConnectTimeout = EchoTimeout,
                    Association = new AssociationOptions { ResponseTimeout = EchoTimeout },
                });

                Assert.Equal(DimseStatus.Success, await client.EchoAsync(timeout.Token).WaitAsync(timeout.Token));
            }

            // The idle connections cost the server at most its pending bound (64 by default), not 500 slots.
            Assert.InRange(scp.Server.PendingConnections, 0, 64);
            await stop.CancelAsync();
            await keeping;
            Assert.All(keepAlive, a => Assert.False(a.Ended.IsCompleted, "a keep-alive association ended while the test held it"));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var socket in idle)
            {
                socket.Dispose();
            }

            foreach (var association in keepAlive)
            {
                await association.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task IdleConnectionsFromOneAddress_CloseTheirOwnOldest_AndNeverTheNewest()
    {
        await using var scp = StorageScpFixture.Start(association: new AssociationOptions { ArtimTimeout = TimeSpan.FromSeconds(30) });
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                sockets.Add(await ConnectFromAsync("127.0.0.7", scp.Port));
            }

            // The first twelve were closed by the server (read returns 0) to keep eight; the newest is still open.
            Assert.Equal(0, await ReadOrTimeoutAsync(sockets[0]));
            Assert.Equal(0, await ReadOrTimeoutAsync(sockets[11]));
            var newest = await AssociateOverAsync(sockets[^1], "NEWEST");
            await using (newest)
            {
                var response = await newest.SendRequestAsync(1, DimseCommand.CEchoRequest(newest.NextMessageId()), null, CancellationToken.None);
                Assert.True(response.Status.IsSuccess);
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task KeepAliveEchoes_DoNotOutliveTheMaximumAssociationAge()
    {
        await using var scp = StorageScpFixture.Start(association: new AssociationOptions
        {
            MaxAssociationAge = TimeSpan.FromSeconds(1),
            IdleTimeout = TimeSpan.FromSeconds(30),
            ArtimTimeout = TimeSpan.FromSeconds(5),
        });
        using var stop = new CancellationTokenSource();
        var association = await AssociateFromAsync("127.0.0.1", scp.Port, "KEEPALIVE");
        await using (association)
        {
            var keeping = KeepAliveAsync(association, stop.Token);
            var outcome = await association.Ended.WaitAsync(TimeSpan.FromSeconds(20));
            await stop.CancelAsync();
            await keeping;
            Assert.True(outcome.Aborted, outcome.Description);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (scp.Observer.Records.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains("maximum age", Assert.Single(scp.Observer.Records).Outcome, StringComparison.Ordinal);
    }

    private static async Task KeepAliveAsync(DicomAssociation association, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested && !association.Ended.IsCompleted)
        {
            try
            {
                await association.SendRequestAsync(1, DimseCommand.CEchoRequest(association.NextMessageId()), null, stop);
                await Task.Delay(200, stop);
            }
            catch (Exception ex) when (ex is OperationCanceledException or DicomAssociationException or InvalidOperationException)
            {
                return;
            }
        }
    }

    private static async Task<Socket> ConnectFromAsync(string source, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        return socket;
    }

    private static async Task<DicomAssociation> AssociateFromAsync(string source, int port, string callingAe) =>
        await AssociateOverAsync(await ConnectFromAsync(source, port), callingAe);

    private static async Task<DicomAssociation> AssociateOverAsync(Socket socket, string callingAe)
    {
        var connection = new DicomConnection(socket, new NetworkStream(socket, ownsSocket: false));
        var request = new AssociateRequestPdu(
            StorageScpFixture.AeTitle,
            callingAe,
            [new PresentationContextProposal(1, StandardSyntaxes.Verification, [DicomTransferSyntax.ImplicitVRLittleEndian.Uid])],
            new UserInformation { MaximumLength = 16384 });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await DicomAssociation.RequestAsync(connection, request, new AssociationOptions { ResponseTimeout = TimeSpan.FromSeconds(10) }, timeout.Token);
    }

    private static async Task<int> ReadOrTimeoutAsync(Socket socket)
    {
        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        }
        catch (SocketException)
        {
            return 0;
        }
    }
}
