using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Tests.UpperLayer;

/// <summary>
/// Realistic sequences through PS3.8 Table 9-10, with two machines back to back (<see cref="LoopbackAssociation"/>)
/// so that each side's actions become the other side's events.
/// </summary>
public sealed class UpperLayerStateMachineTests
{
    private static readonly TimeSpan Artim = ArtimTimer.DefaultTimeout;

    [Fact]
    public void Association_EstablishTransferRelease_FollowsTheStandardOnBothSides()
    {
        var loop = new LoopbackAssociation();

        loop.Requestor.Fire(UpperLayerEvent.Evt1);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt7);
        loop.Pump();
        loop.Requestor.Fire(UpperLayerEvent.Evt9);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt9);
        loop.Pump();
        loop.Requestor.Fire(UpperLayerEvent.Evt11);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt14);
        loop.Pump();

        Assert.Equal(
            [
                "Evt1 AE1 Sta4", "Evt2 AE2 Sta5", "Evt3 AE3 Sta6", "Evt9 DT1 Sta6", "Evt10 DT2 Sta6",
                "Evt11 AR1 Sta7", "Evt13 AR3 Sta1",
            ],
            loop.Requestor.Trace);
        Assert.Equal(
            [
                "Evt5 AE5 Sta2", "Evt6 AE6 Sta3", "Evt7 AE7 Sta6", "Evt10 DT2 Sta6", "Evt9 DT1 Sta6",
                "Evt12 AR2 Sta8", "Evt14 AR4 Sta13", "Evt17 AR5 Sta1",
            ],
            loop.Acceptor.Trace);
        Assert.Equal(AssociationRole.Requestor, loop.Requestor.Machine.Role);
        Assert.Equal(AssociationRole.Acceptor, loop.Acceptor.Machine.Role);
        Assert.Equal(0, loop.Clock.LiveTimerCount);
    }

    [Fact]
    public void AssociateRequest_UnacceptableToTheProvider_IsRejectedByAe6()
    {
        var loop = new LoopbackAssociation();
        loop.Acceptor.Handler.AcceptAssociateRequest = false;

        loop.Requestor.Fire(UpperLayerEvent.Evt1);
        loop.Pump();

        Assert.Equal(["Evt1 AE1 Sta4", "Evt2 AE2 Sta5", "Evt4 AE4 Sta1"], loop.Requestor.Trace);
        Assert.Equal(["Evt5 AE5 Sta2", "Evt6 AE6 Sta13", "Evt17 AR5 Sta1"], loop.Acceptor.Trace);
        Assert.Contains((UpperLayerAction.AE6, UpperLayerState.Sta13), loop.Acceptor.Handler.Performed);
    }

    [Fact]
    public void AssociateRequest_RejectedByTheLocalUser_SendsRejectAndWaitsForClose()
    {
        var loop = new LoopbackAssociation();

        loop.Requestor.Fire(UpperLayerEvent.Evt1);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt8);
        loop.Pump();

        Assert.Equal(["Evt1 AE1 Sta4", "Evt2 AE2 Sta5", "Evt4 AE4 Sta1"], loop.Requestor.Trace);
        Assert.Equal(["Evt5 AE5 Sta2", "Evt6 AE6 Sta3", "Evt8 AE8 Sta13", "Evt17 AR5 Sta1"], loop.Acceptor.Trace);
    }

    [Fact]
    public void ReleaseCollision_EachSideTakesItsOwnBranch()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();

        // Both users ask to release before either A-RELEASE-RQ PDU arrives (PS3.8 §7.2.2).
        loop.Requestor.Fire(UpperLayerEvent.Evt11);
        loop.Acceptor.Fire(UpperLayerEvent.Evt11);
        loop.Pump();
        loop.Requestor.Fire(UpperLayerEvent.Evt14);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt14);
        loop.Pump();

        Assert.Equal(["Evt11 AR1 Sta7", "Evt12 AR8 Sta9", "Evt14 AR9 Sta11", "Evt13 AR3 Sta1"], loop.Requestor.Trace);
        Assert.Equal(
            ["Evt11 AR1 Sta7", "Evt12 AR8 Sta10", "Evt13 AR10 Sta12", "Evt14 AR4 Sta13", "Evt17 AR5 Sta1"],
            loop.Acceptor.Trace);
    }

    [Fact]
    public void ArtimExpiry_WhileAwaitingAssociateRequest_ClosesTheConnection()
    {
        var loop = new LoopbackAssociation();
        loop.Send(loop.Acceptor, UpperLayerEvent.Evt5, null); // a peer that connects and says nothing
        loop.Pump();

        loop.Clock.Advance(Artim - TimeSpan.FromSeconds(1));
        loop.Pump();
        Assert.Equal(UpperLayerState.Sta2, loop.Acceptor.Machine.State);

        loop.Clock.Advance(TimeSpan.FromSeconds(1));
        loop.Pump();

        Assert.Equal(["Evt5 AE5 Sta2", "Evt18 AA2 Sta1"], loop.Acceptor.Trace);
        Assert.False(loop.Acceptor.TransportOpen);
    }

    [Fact]
    public void ArtimExpiry_WhilePeerDoesNotCloseAfterReject_ClosesTheConnection()
    {
        var loop = new LoopbackAssociation();
        loop.Send(loop.Acceptor, UpperLayerEvent.Evt5, null);
        loop.Send(loop.Acceptor, UpperLayerEvent.Evt6, null);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt8);

        loop.Clock.Advance(Artim);
        loop.Pump();

        Assert.Equal(["Evt5 AE5 Sta2", "Evt6 AE6 Sta3", "Evt8 AE8 Sta13", "Evt18 AA2 Sta1"], loop.Acceptor.Trace);
    }

    [Fact]
    public void ArtimExpiry_QueuedBehindTheAssociateRequest_IsDropped()
    {
        var loop = new LoopbackAssociation();
        loop.Send(loop.Acceptor, UpperLayerEvent.Evt5, null);
        loop.Pump();

        // The A-ASSOCIATE-RQ PDU arrives just as the timer fires: the expiry lands behind it on the queue.
        loop.Send(loop.Acceptor, UpperLayerEvent.Evt6, null);
        loop.Clock.Advance(Artim);
        loop.Pump();

        Assert.Equal(["Evt5 AE5 Sta2", "Evt6 AE6 Sta3"], loop.Acceptor.Trace);
        Assert.Equal(1, loop.Acceptor.StaleExpiries);
    }

    [Fact]
    public void Abort_FromTheLocalUser_ReachesThePeerAsAnAbortIndication()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();

        loop.Requestor.Fire(UpperLayerEvent.Evt15);
        loop.Pump();

        Assert.Equal(["Evt15 AA1 Sta13", "Evt17 AR5 Sta1"], loop.Requestor.Trace);
        Assert.Equal(["Evt16 AA3 Sta1"], loop.Acceptor.Trace);
    }

    [Fact]
    public void Abort_FromThePeer_IsIndicatedAndClosesTheConnection()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();

        loop.Acceptor.Fire(UpperLayerEvent.Evt15);
        loop.Pump();

        Assert.Equal(["Evt16 AA3 Sta1"], loop.Requestor.Trace);
        Assert.Equal(["Evt15 AA1 Sta13", "Evt17 AR5 Sta1"], loop.Acceptor.Trace);
    }

    [Fact]
    public void Abort_PeerThatNeverCloses_IsCutOffByArtim()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();
        loop.Requestor.Fire(UpperLayerEvent.Evt15);
        loop.Discard(); // the peer never reads the A-ABORT PDU and never closes

        loop.Clock.Advance(Artim);
        loop.Pump();

        Assert.Equal(["Evt15 AA1 Sta13", "Evt18 AA2 Sta1"], loop.Requestor.Trace);
        Assert.Equal(["Evt17 AA4 Sta1"], loop.Acceptor.Trace); // the close at last reaches the silent peer
    }

    [Fact]
    public void Abort_WhileTheTransportConnectionIsOpening_ClosesIt()
    {
        var handler = new RecordingActionHandler();
        var machine = new UpperLayerStateMachine(handler);

        machine.Handle(UpperLayerEvent.Evt1);
        var action = machine.Handle(UpperLayerEvent.Evt15);

        Assert.Equal(UpperLayerAction.AA2, action);
        Assert.Equal(UpperLayerState.Sta1, machine.State);
    }

    [Fact]
    public void UnrecognisedPdu_DuringDataTransfer_AbortsBothSides()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();

        loop.Send(loop.Acceptor, UpperLayerEvent.Evt19, null);
        loop.Pump();

        Assert.Equal(["Evt19 AA8 Sta13", "Evt17 AR5 Sta1"], loop.Acceptor.Trace);
        Assert.Equal(["Evt16 AA3 Sta1"], loop.Requestor.Trace);
    }

    [Fact]
    public void UnrecognisedPdu_InEveryConnectedState_AbortsAndAwaitsClose()
    {
        var connected = Enum.GetValues<UpperLayerState>()
            .Where(s => s is not (UpperLayerState.Sta1 or UpperLayerState.Sta4));

        foreach (var state in connected)
        {
            var handler = new RecordingActionHandler();
            var machine = new UpperLayerStateMachine(handler, state, AssociationRole.Acceptor);

            var action = machine.Handle(UpperLayerEvent.Evt19);

            // PS3.8 Table 9-10: AA-1 before any association exists, AA-7 once it is gone, AA-8 otherwise.
            var expected = state switch
            {
                UpperLayerState.Sta2 => UpperLayerAction.AA1,
                UpperLayerState.Sta13 => UpperLayerAction.AA7,
                _ => UpperLayerAction.AA8,
            };
            Assert.Equal(expected, action);
            Assert.Equal(UpperLayerState.Sta13, machine.State);
        }
    }

    [Fact]
    public void TransportClosed_DuringDataTransfer_IssuesProviderAbort()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();

        loop.Send(loop.Acceptor, UpperLayerEvent.Evt17, null);
        loop.Pump();

        Assert.Equal(["Evt17 AA4 Sta1"], loop.Acceptor.Trace);
    }

    [Fact]
    public void PDataDuringRelease_IsStillDelivered()
    {
        var loop = new LoopbackAssociation();
        loop.Establish();

        // The acceptor answers a release request with one more P-DATA before its A-RELEASE response (AR-7, AR-6).
        loop.Requestor.Fire(UpperLayerEvent.Evt11);
        loop.Pump();
        loop.Acceptor.Fire(UpperLayerEvent.Evt9);
        loop.Acceptor.Fire(UpperLayerEvent.Evt14);
        loop.Pump();

        Assert.Equal(["Evt11 AR1 Sta7", "Evt10 AR6 Sta7", "Evt13 AR3 Sta1"], loop.Requestor.Trace);
        Assert.Equal(["Evt12 AR2 Sta8", "Evt9 AR7 Sta8", "Evt14 AR4 Sta13", "Evt17 AR5 Sta1"], loop.Acceptor.Trace);
    }

    [Fact]
    public void LocalPrimitive_WhereTheStandardHasNoCell_IsAProgrammingError()
    {
        var handler = new RecordingActionHandler();
        var machine = new UpperLayerStateMachine(handler);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Handle(UpperLayerEvent.Evt9));

        Assert.Contains("Evt9", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sta1", error.Message, StringComparison.Ordinal);
        Assert.Equal(UpperLayerState.Sta1, machine.State);
        Assert.Empty(handler.Performed);
    }

    [Fact]
    public void Handle_FromInsideTheHandler_IsRefused()
    {
        UpperLayerStateMachine? machine = null;
        Exception? inner = null;
        var handler = new RecordingActionHandler
        {
            AfterPerform = (_, _) => inner = Record.Exception(() => machine!.Handle(UpperLayerEvent.Evt2)),
        };
        machine = new UpperLayerStateMachine(handler);

        machine.Handle(UpperLayerEvent.Evt1);

        Assert.IsType<InvalidOperationException>(inner);
        Assert.Equal(UpperLayerState.Sta4, machine.State);
    }

    [Fact]
    public void Handle_WhenTheActionFails_StaysInThePreviousState()
    {
        var handler = new RecordingActionHandler { AfterPerform = (_, _) => throw new IOException("connection refused") };
        var machine = new UpperLayerStateMachine(handler);

        Assert.Throws<IOException>(() => machine.Handle(UpperLayerEvent.Evt1));

        Assert.Equal(UpperLayerState.Sta1, machine.State);
        Assert.Null(machine.Role);
    }

    [Fact]
    public void ReleaseCollision_WithoutAKnownRole_IsAProgrammingError()
    {
        var machine = new UpperLayerStateMachine(new RecordingActionHandler(), UpperLayerState.Sta7, role: null);

        Assert.Throws<InvalidOperationException>(() => machine.Handle(UpperLayerEvent.Evt12));
        Assert.Equal(UpperLayerState.Sta7, machine.State);
    }
}
