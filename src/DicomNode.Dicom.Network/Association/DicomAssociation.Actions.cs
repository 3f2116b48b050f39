using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Association;

/// <summary>The actions of PS3.8 Tables 9-6 to 9-9, queued as work for the loop.</summary>
internal sealed partial class DicomAssociation
{
    private Func<AssociateRequestPdu, AssociationDecision>? _decide;

    bool IUpperLayerActionHandler.IsAssociateRequestAcceptable()
    {
        _request = (AssociateRequestPdu)_received!;
        _decision = _decide!(_request);

        // Rejections by the ACSE or presentation service provider (protocol version, local limits) are the
        // provider's half of AE-6; rejections by the service user (AE titles, context) go through AE-8.
        return _decision.Reject is null || _decision.Reject.Source == AssociateRejectSource.ServiceUser;
    }

    void IUpperLayerActionHandler.Perform(UpperLayerAction action, UpperLayerState nextState)
    {
        switch (action)
        {
            case UpperLayerAction.AE1:
                // The transport connection was opened before the association object existed.
                break;
            case UpperLayerAction.AE2:
                _work.Enqueue(new Work.Send(_request!));
                break;
            case UpperLayerAction.AE3:
                OnAccepted((AssociateAcceptPdu)_received!);
                break;
            case UpperLayerAction.AE4:
                _rejection = (AssociateRejectPdu)_received!;
                _endDescription = $"rejected: {Describe(_rejection)}";
                _work.Enqueue(new Work.CloseTransport());
                break;
            case UpperLayerAction.AE5:
                _artim.Start();
                break;
            case UpperLayerAction.AE6:
                _artim.Stop();
                if (nextState == UpperLayerState.Sta3)
                {
                    _followUps.Enqueue(new AssociationInput.Primitive(
                        _decision!.IsAccepted ? UpperLayerEvent.Evt7 : UpperLayerEvent.Evt8, null, null));
                }
                else
                {
                    SendRejection();
                }

                break;
            case UpperLayerAction.AE7:
                _work.Enqueue(new Work.Send(_decision!.Accept!));
                OnAccepted(_decision.Accept!);
                break;
            case UpperLayerAction.AE8:
                SendRejection();
                break;
            case UpperLayerAction.DT1:
            case UpperLayerAction.AR7:
                _work.Enqueue(new Work.Send(_toSend!));
                break;
            case UpperLayerAction.DT2:
            case UpperLayerAction.AR6:
                _work.Enqueue(new Work.Deliver((DataTransferPdu)_received!));
                break;
            case UpperLayerAction.AR1:
                _work.Enqueue(new Work.Send(new ReleaseRequestPdu()));
                break;
            case UpperLayerAction.AR2:
                // We always agree to release: answer with the A-RELEASE response primitive.
                _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt14, null, null));
                break;
            case UpperLayerAction.AR3:
                _released = true;
                _endDescription = "released";
                _work.Enqueue(new Work.CloseTransport());
                break;
            case UpperLayerAction.AR4:
                _released = true;
                _endDescription = "released";
                _work.Enqueue(new Work.Send(new ReleaseResponsePdu()));
                _artim.Start();
                break;
            case UpperLayerAction.AR5:
            case UpperLayerAction.AA5:
                _artim.Stop();
                break;
            case UpperLayerAction.AR8:
                // Release collision (PS3.8 §7.2): the requestor answers first, the acceptor waits for its A-RELEASE-RP.
                if (nextState == UpperLayerState.Sta9)
                {
                    _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt14, null, null));
                }

                break;
            case UpperLayerAction.AR9:
                _work.Enqueue(new Work.Send(new ReleaseResponsePdu()));
                break;
            case UpperLayerAction.AR10:
                _followUps.Enqueue(new AssociationInput.Primitive(UpperLayerEvent.Evt14, null, null));
                break;
            case UpperLayerAction.AA1:
                _aborted = true;
                _work.Enqueue(new Work.Send(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)));
                _artim.Start();
                break;
            case UpperLayerAction.AA2:
                _artim.Stop();
                _work.Enqueue(new Work.CloseTransport());
                break;
            case UpperLayerAction.AA3:
                _aborted = true;
                _endDescription = _received is AbortPdu abort ? $"aborted by the peer (source {abort.Source}, reason {abort.Reason})" : "aborted by the peer";
                _work.Enqueue(new Work.CloseTransport());
                break;
            case UpperLayerAction.AA4:
                _aborted = !_released;
                if (!_released)
                {
                    _endDescription = "the connection closed without release";
                }

                break;
            case UpperLayerAction.AA6:
                // PS3.8 Table 9-9: in Sta13 a received PDU is ignored.
                break;
            case UpperLayerAction.AA7:
                _work.Enqueue(new Work.Send(new AbortPdu(AbortSource.ServiceProvider, AbortReason.UnexpectedPdu)));
                break;
            case UpperLayerAction.AA8:
                _aborted = true;
                var reason = _providerAbortReason == AbortReason.NotSpecified && _received is not null ? AbortReason.UnexpectedPdu : _providerAbortReason;
                if (_endDescription == "closed")
                {
                    _endDescription = $"aborted: {(_received is null ? "invalid PDU" : $"unexpected {_received.Type} in {_machine.State}")}";
                }

                _work.Enqueue(new Work.Send(new AbortPdu(AbortSource.ServiceProvider, reason)));
                _artim.Start();
                break;
            default:
                throw new InvalidOperationException($"No handling for {action}.");
        }
    }

    private void SendRejection()
    {
        _rejection = _decision!.Reject!;
        _endDescription = $"rejected: {_decision.Explanation}";
        _work.Enqueue(new Work.Send(_rejection));
        _artim.Start();
    }

    private void OnAccepted(AssociateAcceptPdu accept)
    {
        var request = _request!;
        var proposals = request.PresentationContexts.ToDictionary(p => p.Id, p => p.AbstractSyntax);
        var contexts = accept.PresentationContexts
            .Where(r => r.IsAccepted && proposals.ContainsKey(r.Id))
            .Select(r => new AcceptedPresentationContext(r.Id, proposals[r.Id], r.TransferSyntax))
            .ToList();
        var rejected = accept.PresentationContexts
            .Where(r => !r.IsAccepted && proposals.ContainsKey(r.Id))
            .Select(r => new RejectedPresentationContext(r.Id, proposals[r.Id], r.Result))
            .ToList();

        // The peer's maximum is what it announced; ours governs what it may send us.
        var peerUserInformation = _role == Role.Requestor ? accept.UserInformation : request.UserInformation;
        PeerMaxPduLength = peerUserInformation.MaximumLength;
        Info = new AssociationInfo(Id, request.CallingAeTitle.Trim(), request.CalledAeTitle.Trim(), _connection.PeerHost,
            _connection.RemoteEndPoint.Port, _connection.IsTls, contexts, PeerMaxPduLength)
        {
            RejectedPresentationContexts = rejected,
        };
        RestartIdleTimer();
        _established.TrySetResult(true);
    }

    private static string Describe(AssociateRejectPdu reject) => (reject.Source, (byte)reject.Reason) switch
    {
        (AssociateRejectSource.ServiceUser, 1) => "no reason given",
        (AssociateRejectSource.ServiceUser, 2) => "application context name not supported",
        (AssociateRejectSource.ServiceUser, 3) => "calling AE title not recognized",
        (AssociateRejectSource.ServiceUser, 7) => "called AE title not recognized",
        (AssociateRejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
        (AssociateRejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
        (AssociateRejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
        _ => $"source {reject.Source}, reason {(byte)reject.Reason}",
    } + (reject.Result == AssociateRejectResult.RejectedTransient ? " (transient)" : " (permanent)");
}
