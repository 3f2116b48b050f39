using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Tests.UpperLayer;

/// <summary>
/// One end of a <see cref="LoopbackAssociation"/>: a state machine whose handler turns actions into events for
/// the other end (a sent PDU, a closed connection) and drives an ARTIM timer as PS3.8 Tables 9-6 to 9-9 say.
/// </summary>
internal sealed class LoopbackSide
{
    private readonly LoopbackAssociation _association;

    public LoopbackSide(LoopbackAssociation association, string name)
    {
        _association = association;
        Name = name;
        Handler = new RecordingActionHandler { AfterPerform = AfterPerform };
        Machine = new UpperLayerStateMachine(Handler);
        Artim = new ArtimTimer(association.Clock, ArtimTimer.DefaultTimeout, expiry => association.Send(this, UpperLayerEvent.Evt18, expiry));
    }

    public string Name { get; }

    public UpperLayerStateMachine Machine { get; }

    public RecordingActionHandler Handler { get; }

    public ArtimTimer Artim { get; }

    public LoopbackSide Peer => _association.PeerOf(this);

    /// <summary>Whether this end's transport connection is open, as far as it knows.</summary>
    public bool TransportOpen { get; private set; }

    /// <summary>Each handled event as "Evt1 AE1 Sta4": event, action, state entered.</summary>
    public List<string> Trace { get; } = [];

    /// <summary>Expiries dropped because the timer had been stopped or restarted since they fired.</summary>
    public int StaleExpiries { get; private set; }

    /// <summary>A primitive from the local user, handled at once.</summary>
    public UpperLayerAction Fire(UpperLayerEvent evt) => Handle(evt);

    public void Deliver(UpperLayerEvent evt, ArtimExpiry? expiry)
    {
        switch (evt)
        {
            case UpperLayerEvent.Evt18 when !Artim.IsCurrent(expiry!.Value):
                StaleExpiries++;
                return;
            case UpperLayerEvent.Evt2:
            case UpperLayerEvent.Evt5:
                TransportOpen = true;
                break;
            case UpperLayerEvent.Evt18:
                break;
            default:
                // A closed socket reads nothing more: what the peer sent after this end closed is lost.
                if (!TransportOpen)
                {
                    return;
                }

                if (evt == UpperLayerEvent.Evt17)
                {
                    TransportOpen = false;
                }

                break;
        }

        Handle(evt);
    }

    private UpperLayerAction Handle(UpperLayerEvent evt)
    {
        var action = Machine.Handle(evt);
        Trace.Add($"{evt} {action} {Machine.State}");

        // The timer runs exactly while the machine waits in Sta2 or Sta13 (PS3.8 §9.1.5, Table 9-10's Evt18 row).
        Assert.Equal(Machine.State is UpperLayerState.Sta2 or UpperLayerState.Sta13, Artim.IsRunning);
        return action;
    }

    private void AfterPerform(UpperLayerAction action, UpperLayerState next)
    {
        switch (action)
        {
            case UpperLayerAction.AE1:
                _association.Connect(this);
                break;
            case UpperLayerAction.AE2:
                SendToPeer(UpperLayerEvent.Evt6);
                break;
            case UpperLayerAction.AE3:
            case UpperLayerAction.DT2:
            case UpperLayerAction.AR2:
            case UpperLayerAction.AR6:
            case UpperLayerAction.AR8:
            case UpperLayerAction.AR10:
            case UpperLayerAction.AA4:
            case UpperLayerAction.AA6:
                // Only a primitive to the local user (or nothing).
                break;
            case UpperLayerAction.AE4:
            case UpperLayerAction.AR3:
            case UpperLayerAction.AA3:
                Close();
                break;
            case UpperLayerAction.AE5:
                Artim.Start();
                break;
            case UpperLayerAction.AE6:
                Artim.Stop();
                if (next == UpperLayerState.Sta13)
                {
                    SendToPeer(UpperLayerEvent.Evt4);
                    Artim.Start();
                }

                break;
            case UpperLayerAction.AE7:
                SendToPeer(UpperLayerEvent.Evt3);
                break;
            case UpperLayerAction.AE8:
                SendToPeer(UpperLayerEvent.Evt4);
                Artim.Start();
                break;
            case UpperLayerAction.DT1:
            case UpperLayerAction.AR7:
                SendToPeer(UpperLayerEvent.Evt10);
                break;
            case UpperLayerAction.AR1:
                SendToPeer(UpperLayerEvent.Evt12);
                break;
            case UpperLayerAction.AR4:
                SendToPeer(UpperLayerEvent.Evt13);
                Artim.Start();
                break;
            case UpperLayerAction.AR5:
            case UpperLayerAction.AA5:
                Artim.Stop();
                break;
            case UpperLayerAction.AR9:
                SendToPeer(UpperLayerEvent.Evt13);
                break;
            case UpperLayerAction.AA1:
            case UpperLayerAction.AA8:
                SendToPeer(UpperLayerEvent.Evt16);
                Artim.Start();
                break;
            case UpperLayerAction.AA2:
                Artim.Stop();
                Close();
                break;
            case UpperLayerAction.AA7:
                SendToPeer(UpperLayerEvent.Evt16);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(action), action, null);
        }
    }

    private void SendToPeer(UpperLayerEvent evt)
    {
        if (TransportOpen)
        {
            _association.Send(Peer, evt, null);
        }
    }

    private void Close()
    {
        if (TransportOpen)
        {
            TransportOpen = false;
            _association.Send(Peer, UpperLayerEvent.Evt17, null);
        }
    }
}
