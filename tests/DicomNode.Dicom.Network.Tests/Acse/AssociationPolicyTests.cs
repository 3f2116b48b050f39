using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Pdus;

namespace DicomNode.Dicom.Network.Tests.Acse;

public sealed class AssociationPolicyTests
{
    private const string MrStorage = "1.2.840.10008.5.1.4.1.1.4";
    private const string CtStorage = "1.2.840.10008.5.1.4.1.1.2";
    private const string Explicit = "1.2.840.10008.1.2.1";
    private const string Implicit = "1.2.840.10008.1.2";
    private const string Jpeg = "1.2.840.10008.1.2.4.50";

    private static readonly AssociationPolicyOptions Options = new()
    {
        AeTitle = "NODE",
        AcceptedCallers = new[] { new AcceptedCaller("MODALITY"), new AcceptedCaller("PACS", "10.0.0.5") },
        SupportedAbstractSyntaxes = new Dictionary<string, IReadOnlyList<string>> { [MrStorage] = new[] { Explicit, Implicit } },
        MaxAssociations = 2,
    };

    [Fact]
    public void Decide_AcceptsAKnownCallerAndPicksOurPreferredSyntax()
    {
        var decision = AssociationPolicy.Decide(Request(contexts: Context(1, MrStorage, Implicit, Explicit)), "10.0.0.9", 0, Options);
        Assert.True(decision.IsAccepted);
        var result = Assert.Single(decision.Accept!.PresentationContexts);
        Assert.Equal(PresentationContextResultReason.Acceptance, result.Result);
        Assert.Equal(Explicit, result.TransferSyntax);
        Assert.Equal(Options.MaxPduLength, decision.Accept.UserInformation.MaximumLength);
    }

    [Fact]
    public void Decide_WrongCalledAe_IsRejectedPermanentlyByTheServiceUserWithReason7()
    {
        var decision = AssociationPolicy.Decide(Request(called: "OTHER"), "10.0.0.9", 0, Options);
        AssertRejected(decision, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 7);
    }

    [Fact]
    public void Decide_UnknownCaller_IsRejectedWithReason3()
    {
        var decision = AssociationPolicy.Decide(Request(calling: "STRANGER"), "10.0.0.9", 0, Options);
        AssertRejected(decision, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 3);
    }

    [Fact]
    public void Decide_CallerBoundToAHost_IsRejectedFromAnotherHost()
    {
        Assert.True(AssociationPolicy.Decide(Request(calling: "PACS"), "10.0.0.5", 0, Options).IsAccepted);
        AssertRejected(AssociationPolicy.Decide(Request(calling: "PACS"), "10.0.0.6", 0, Options),
            AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 3);
    }

    [Fact]
    public void Decide_AtTheAssociationLimit_IsRejectedTransientlyForLocalLimitExceeded()
    {
        var decision = AssociationPolicy.Decide(Request(), "10.0.0.9", 2, Options);
        AssertRejected(decision, AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, 2);
    }

    [Fact]
    public void Decide_ListedCallerHoldingNoAssociation_IsAcceptedAboveEveryLimit_InItsReservedSlot()
    {
        var full = new AssociationLoad(Total: 50, OfCaller: 0, FromAddress: 50);

        var listed = AssociationPolicy.Decide(Request(calling: "MODALITY"), "10.0.0.9", full, Options);
        var second = AssociationPolicy.Decide(Request(calling: "MODALITY"), "10.0.0.9", full with { OfCaller = 1 }, Options);
        var unlisted = AssociationPolicy.Decide(Request(calling: "OTHER"), "10.0.0.9", full, Options with { AcceptAnyCaller = true });

        Assert.True(listed.IsAccepted, listed.Explanation);
        Assert.Contains("reserved slot", listed.Explanation, StringComparison.Ordinal);
        AssertRejected(second, AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, 2);
        AssertRejected(unlisted, AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, 2);
    }

    [Theory]
    [InlineData(0, 3, 0, "per calling AE title")]
    [InlineData(0, 0, 3, "per address")]
    public void Decide_AtThePerCallerOrPerAddressLimit_IsRejectedTransiently(int total, int ofCaller, int fromAddress, string limit)
    {
        var options = Options with { AcceptAnyCaller = true, MaxAssociations = 10, MaxAssociationsPerCaller = 3, MaxAssociationsPerAddress = 3 };

        var decision = AssociationPolicy.Decide(Request(calling: "OTHER"), "10.0.0.9", new AssociationLoad(total + ofCaller + fromAddress, ofCaller, fromAddress), options);

        AssertRejected(decision, AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, 2);
        Assert.Contains(limit, decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_UnknownApplicationContext_IsRejectedWithReason2()
    {
        var request = Request() with { ApplicationContextName = "1.2.3" };
        AssertRejected(AssociationPolicy.Decide(request, "h", 0, Options), AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 2);
    }

    [Fact]
    public void Decide_ProtocolVersionWithoutBit0_IsRejectedByTheAcse()
    {
        var request = Request() with { ProtocolVersion = 2 };
        AssertRejected(AssociationPolicy.Decide(request, "h", 0, Options), AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceProviderAcse, 2);
    }

    [Fact]
    public void Decide_AnswersEachContextWithItsOwnResult()
    {
        var decision = AssociationPolicy.Decide(
            Request(contexts: new[] { Context(1, CtStorage, Explicit)[0], Context(3, MrStorage, Jpeg)[0], Context(5, MrStorage, Implicit)[0] }),
            "h", 0, Options);
        var results = decision.Accept!.PresentationContexts;
        Assert.Equal(PresentationContextResultReason.AbstractSyntaxNotSupported, results[0].Result);
        Assert.Equal(PresentationContextResultReason.TransferSyntaxesNotSupported, results[1].Result);
        Assert.Equal(PresentationContextResultReason.Acceptance, results[2].Result);
        Assert.Equal(new byte[] { 1, 3, 5 }, results.Select(r => r.Id));
    }

    [Fact]
    public void Decide_WithNoAcceptedCallersListed_AdmitsNoCaller()
    {
        var closed = Options with { AcceptedCallers = Array.Empty<AcceptedCaller>() };
        AssertRejected(AssociationPolicy.Decide(Request(calling: "ANYONE"), "h", 0, closed), AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 3);
    }

    [Fact]
    public void Decide_WithAcceptAnyCaller_AdmitsACallerNotListed()
    {
        var open = Options with { AcceptedCallers = Array.Empty<AcceptedCaller>(), AcceptAnyCaller = true };
        Assert.True(AssociationPolicy.Decide(Request(calling: "ANYONE"), "h", 0, open).IsAccepted);
    }

    [Fact]
    public void Decide_AsynchronousWindowProposed_IsAnsweredWithOneAndOne()
    {
        var request = Request() with { UserInformation = new UserInformation { MaximumLength = 16384, AsynchronousOperationsWindow = new AsynchronousOperationsWindow(5, 5) } };
        Assert.Equal(new AsynchronousOperationsWindow(1, 1), AssociationPolicy.Decide(request, "h", 0, Options).Accept!.UserInformation.AsynchronousOperationsWindow);
    }

    [Theory]
    [InlineData("MOD\r\nALITY")]
    [InlineData("MODALITY\n")]
    [InlineData("MOD\u001bALITY")]
    [InlineData("MOD\\ALITY")]
    public void Decide_CallingAeWithControlCharacters_IsRejected_AndTheExplanationShowsThemEscaped(string calling)
    {
        var open = Options with { AcceptedCallers = Array.Empty<AcceptedCaller>(), AcceptAnyCaller = true };

        var decision = AssociationPolicy.Decide(Request(calling: calling), "10.0.0.9", 0, open);

        AssertRejected(decision, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 3);
        Assert.DoesNotContain(decision.Explanation, c => c < 0x20 || c == 0x7F);
        Assert.Contains("\\x", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_CalledAeWithLineBreak_IsRejectedWithReason7()
    {
        var decision = AssociationPolicy.Decide(Request(called: "NODE\r\nFORGED"), "10.0.0.9", 0, Options);

        AssertRejected(decision, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, 7);
        Assert.DoesNotContain(decision.Explanation, c => c < 0x20);
    }

    [Theory]
    [InlineData(0u, true)]
    [InlineData(1024u, true)]
    [InlineData(1023u, false)]
    [InlineData(4u, false)]
    public void Decide_PeerMaximumPduLength_BelowTheMinimumIsRefused(uint maximumLength, bool accepted)
    {
        var request = Request() with { UserInformation = new UserInformation { MaximumLength = maximumLength } };

        var decision = AssociationPolicy.Decide(request, "h", 0, Options);

        Assert.Equal(accepted, decision.IsAccepted);
        if (!accepted)
        {
            AssertRejected(decision, AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceProviderPresentation, 2);
        }
    }

    [Fact]
    public void AeTitleText_Printable_EscapesControlCharactersAndBackslash_AndKeepsTheRest()
    {
        Assert.Equal("MOD\\x0D\\x0AALITY", AeTitleText.Printable("MOD\r\nALITY"));
        Assert.Equal("A\\x5CB", AeTitleText.Printable("A\\B"));
        Assert.Equal("CT_SCANNER 1", AeTitleText.Printable("CT_SCANNER 1"));
        Assert.Null(AeTitleText.Printable(null));
    }

    private static void AssertRejected(AssociationDecision decision, AssociateRejectResult result, AssociateRejectSource source, byte reason)
    {
        Assert.False(decision.IsAccepted);
        Assert.Equal(result, decision.Reject!.Result);
        Assert.Equal(source, decision.Reject.Source);
        Assert.Equal(reason, (byte)decision.Reject.Reason);
    }

    private static PresentationContextProposal[] Context(byte id, string abstractSyntax, params string[] syntaxes) =>
        new[] { new PresentationContextProposal(id, abstractSyntax, syntaxes) };

    private static AssociateRequestPdu Request(string called = "NODE", string calling = "MODALITY", PresentationContextProposal[]? contexts = null) =>
        new(called, calling, contexts ?? Context(1, MrStorage, Explicit), new UserInformation { MaximumLength = 16384 });
}
