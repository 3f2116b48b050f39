using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Tests.UpperLayer;

/// <summary>
/// Two upper layer machines back to back in memory, with one wire that delivers events in the order they were
/// sent (<see cref="Pump"/>) and a manual clock for their ARTIM timers. Stands in for the association runtime:
/// one consumer feeds each machine its events one at a time.
/// </summary>
internal sealed class LoopbackAssociation
{
    private readonly Queue<(LoopbackSide To, UpperLayerEvent Event, ArtimExpiry? Expiry)> _wire = new();

    public LoopbackAssociation()
    {
        Requestor = new LoopbackSide(this, "requestor");
        Acceptor = new LoopbackSide(this, "acceptor");
    }

    public ManualTimeProvider Clock { get; } = new();

    public LoopbackSide Requestor { get; }

    public LoopbackSide Acceptor { get; }

    public LoopbackSide PeerOf(LoopbackSide side) => side == Requestor ? Acceptor : Requestor;

    /// <summary>AE-1's TRANSPORT CONNECT: the acceptor sees a connection indication, then the caller a confirmation.</summary>
    public void Connect(LoopbackSide caller)
    {
        Send(PeerOf(caller), UpperLayerEvent.Evt5, null);
        Send(caller, UpperLayerEvent.Evt2, null);
    }

    public void Send(LoopbackSide to, UpperLayerEvent evt, ArtimExpiry? expiry) => _wire.Enqueue((to, evt, expiry));

    /// <summary>Loses everything on the wire, as a peer that reads nothing and never answers would.</summary>
    public void Discard() => _wire.Clear();

    /// <summary>Delivers everything on the wire, including what the deliveries send in turn.</summary>
    public void Pump()
    {
        while (_wire.TryDequeue(out var item))
        {
            item.To.Deliver(item.Event, item.Expiry);
        }
    }

    /// <summary>Opens an association: A-ASSOCIATE request, indication, local acceptance, confirmation.</summary>
    public void Establish()
    {
        Requestor.Fire(UpperLayerEvent.Evt1);
        Pump();
        Acceptor.Fire(UpperLayerEvent.Evt7);
        Pump();
        Assert.Equal(UpperLayerState.Sta6, Requestor.Machine.State);
        Assert.Equal(UpperLayerState.Sta6, Acceptor.Machine.State);
        Requestor.Trace.Clear();
        Acceptor.Trace.Clear();
    }
}
