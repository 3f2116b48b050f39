using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Acse;

/// <summary>
/// Association negotiation as a pure function (PS3.8 §7.1.1, PS3.7 Annex D): the request, the peer's
/// host and the current association count in; an A-ASSOCIATE-AC or A-ASSOCIATE-RJ out.
/// </summary>
public static class AssociationPolicy
{
    /// <summary>
    /// The smallest Maximum Length Received (PS3.8 §D.1) we accept from a peer. PS3.8 sets no minimum, but
    /// below a few bytes no PDV fits at all, and tiny values only make us cut every message into slivers;
    /// every DICOM implementation we know announces 4096 or more. 0 (no limit) is accepted.
    /// </summary>
    public const uint MinimumPeerMaxPduLength = 1024;

    /// <summary>
    /// Decides with <paramref name="activeAssociations"/> open, not knowing whose: each is counted as the caller's and its
    /// address's own, so no reserved slot applies.
    /// </summary>
    public static AssociationDecision Decide(AssociateRequestPdu request, string peerHost, int activeAssociations, AssociationPolicyOptions options) =>
        Decide(request, peerHost, new AssociationLoad(activeAssociations, activeAssociations, activeAssociations), options);

    /// <summary>
    /// Decides with the associations open now: in all, of the request's calling AE title, from its address. A caller
    /// listed in <see cref="AssociationPolicyOptions.AcceptedCallers"/> that holds no association has a reserved slot:
    /// it is accepted above every limit, so that unknown or other peers holding the node's capacity never lock it out.
    /// </summary>
    public static AssociationDecision Decide(AssociateRequestPdu request, string peerHost, AssociationLoad load, AssociationPolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        // PS3.8 §9.3.2: bit 0 of the protocol version identifies version 1, the only one defined.
        if ((request.ProtocolVersion & 0x0001) == 0)
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceProviderAcse,
                AssociateRejectReason.ProtocolVersionNotSupported, $"protocol version {request.ProtocolVersion} not supported");
        }

        if (request.ApplicationContextName != AssociateRequestPdu.DicomApplicationContext)
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser,
                AssociateRejectReason.ApplicationContextNameNotSupported, $"application context {request.ApplicationContextName} not supported");
        }

        // PS3.5 Table 6.2-1: no control characters or backslash in an AE title. Refused before anything else
        // uses them, so that no log line, file meta header or routing decision ever holds such a title.
        if (!AeTitleText.IsValid(request.CalledAeTitle))
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser,
                AssociateRejectReason.CalledAeTitleNotRecognized, $"called AE title '{AeTitleText.Printable(request.CalledAeTitle)}' holds control characters or a backslash");
        }

        if (!AeTitleText.IsValid(request.CallingAeTitle))
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser,
                AssociateRejectReason.CallingAeTitleNotRecognized, $"calling AE title '{AeTitleText.Printable(request.CallingAeTitle)}' holds control characters or a backslash");
        }

        if (!string.Equals(request.CalledAeTitle.Trim(), options.AeTitle.Trim(), StringComparison.Ordinal))
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser,
                AssociateRejectReason.CalledAeTitleNotRecognized, $"called AE title '{request.CalledAeTitle}' is not ours ('{options.AeTitle}')");
        }

        var listed = IsAcceptedCaller(request.CallingAeTitle.Trim(), peerHost, options.AcceptedCallers);
        if (!options.AcceptAnyCaller && !listed)
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser,
                AssociateRejectReason.CallingAeTitleNotRecognized, $"calling AE title '{request.CallingAeTitle}' from {peerHost} is not an accepted caller");
        }

        if (request.UserInformation.MaximumLength is > 0 and < MinimumPeerMaxPduLength)
        {
            return Rejected(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceProviderPresentation,
                AssociateRejectReason.LocalLimitExceeded,
                $"maximum PDU length of {request.UserInformation.MaximumLength} bytes is below the {MinimumPeerMaxPduLength} this node can send within");
        }

        var reserved = listed && load.OfCaller == 0;
        if (!reserved && LimitReached(load, options) is { } limit)
        {
            return Rejected(AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation,
                AssociateRejectReason.LocalLimitExceeded, limit);
        }

        var results = request.PresentationContexts.Select(p => Negotiate(p, options.SupportedAbstractSyntaxes)).ToList();
        var accept = new AssociateAcceptPdu(
            request.CalledAeTitle,
            request.CallingAeTitle,
            results,
            new UserInformation
            {
                MaximumLength = options.MaxPduLength,
                // PS3.7 §D.3.3.3: we perform one operation at a time; answering 1/1 is always acceptable.
                AsynchronousOperationsWindow = request.UserInformation.AsynchronousOperationsWindow is null ? null : new AsynchronousOperationsWindow(1, 1),
                // PS3.7 §D.3.3.4: the requestor may be SCU of what it proposes; we take no SCP-side roles from it.
                RoleSelections = request.UserInformation.RoleSelections
                    .Where(r => options.SupportedAbstractSyntaxes.ContainsKey(r.SopClassUid))
                    .Select(r => r with { ScpRole = false })
                    .ToList(),
            });
        var accepted = results.Count(r => r.IsAccepted);
        var slot = reserved && LimitReached(load, options) is not null ? ", in the reserved slot of a listed caller" : string.Empty;
        return new AssociationDecision(accept, null, $"accepted {accepted} of {results.Count} presentation contexts{slot}");
    }

    /// <summary>Chooses our most preferred transfer syntax among those proposed (PS3.8 §9.3.3.2).</summary>
    public static PresentationContextResult Negotiate(PresentationContextProposal proposal, IReadOnlyDictionary<string, IReadOnlyList<string>> supported)
    {
        if (!supported.TryGetValue(proposal.AbstractSyntax, out var ours))
        {
            return new PresentationContextResult(proposal.Id, PresentationContextResultReason.AbstractSyntaxNotSupported, string.Empty);
        }

        foreach (var syntax in ours)
        {
            if (proposal.TransferSyntaxes.Contains(syntax, StringComparer.Ordinal))
            {
                return new PresentationContextResult(proposal.Id, PresentationContextResultReason.Acceptance, syntax);
            }
        }

        return new PresentationContextResult(proposal.Id, PresentationContextResultReason.TransferSyntaxesNotSupported, string.Empty);
    }

    private static string? LimitReached(AssociationLoad load, AssociationPolicyOptions options)
    {
        if (load.OfCaller >= options.MaxAssociationsPerCaller)
        {
            return $"limit of {options.MaxAssociationsPerCaller} associations per calling AE title reached";
        }

        if (load.FromAddress >= options.MaxAssociationsPerAddress)
        {
            return $"limit of {options.MaxAssociationsPerAddress} associations per address reached";
        }

        return load.Total >= options.MaxAssociations ? $"association limit of {options.MaxAssociations} reached" : null;
    }

    private static bool IsAcceptedCaller(string callingAeTitle, string peerHost, IReadOnlyList<AcceptedCaller> callers)
    {
        // An empty list admits no one: removing the last caller must close the node, not open it.
        return callers.Any(c => string.Equals(c.AeTitle.Trim(), callingAeTitle, StringComparison.Ordinal)
            && (string.IsNullOrEmpty(c.Host) || string.Equals(c.Host, peerHost, StringComparison.OrdinalIgnoreCase)));
    }

    private static AssociationDecision Rejected(AssociateRejectResult result, AssociateRejectSource source, AssociateRejectReason reason, string explanation) =>
        new(null, new AssociateRejectPdu(result, source, reason), explanation);
}
