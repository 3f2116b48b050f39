using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Association;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Pdus;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Transport;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>
/// Our SCP refusing associations and presentation contexts, each refusal seen both by DCMTK (from its
/// log) and by our own SCU (from the A-ASSOCIATE-RJ or the presentation context result).
/// </summary>
public sealed class RejectionTests(ITestOutputHelper output)
{
    private const string CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    private static readonly string CTSmall = Path.Combine(PydicomCorpus.Folder, "CT_small.dcm");
    private static readonly string MRSmall = Path.Combine(PydicomCorpus.Folder, "MR_small.dcm");

    [Fact]
    public async Task WrongCalledAeTitle_IsRejectedPermanentlyByTheServiceUserWithReason7()
    {
        await using var scp = StorageScpFixture.Start();

        var (_, text) = await Dcmtk.EchoAsync(scp.Port, calledAeTitle: "NOT-US");
        output.WriteLine(text);
        AssertDcmtkRejection(text, "Rejected Permanent", "Service User", "Called AE Title Not Recognized");

        var rejection = await OurEchoRejectionAsync(scp, calledAeTitle: "NOT-US");
        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CalledAeTitleNotRecognized), rejection);
        Assert.Equal(7, (byte)rejection.Reason);

        var records = await Audit.WaitForRecordsAsync(scp, 2);
        Assert.All(records, r => Assert.False(r.Accepted));
    }

    [Fact]
    public async Task UnknownCallingAeTitle_WhenCallersAreListed_IsRejectedPermanentlyByTheServiceUserWithReason3()
    {
        await using var scp = StorageScpFixture.Start(p => p with { AcceptedCallers = new[] { new AcceptedCaller("KNOWN") }, AcceptAnyCaller = false });

        var (_, text) = await Dcmtk.EchoAsync(scp.Port, callingAeTitle: "STRANGER");
        output.WriteLine(text);
        AssertDcmtkRejection(text, "Rejected Permanent", "Service User", "Calling AE Title Not Recognized");

        var rejection = await OurEchoRejectionAsync(scp, callingAeTitle: "STRANGER");
        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.RejectedPermanent, AssociateRejectSource.ServiceUser, AssociateRejectReason.CallingAeTitleNotRecognized), rejection);
        Assert.Equal(3, (byte)rejection.Reason);

        // The listed caller still gets in.
        var (exitCode, accepted) = await Dcmtk.EchoAsync(scp.Port, callingAeTitle: "KNOWN");
        Assert.True(exitCode == 0, accepted);
    }

    [Fact]
    public async Task UnsupportedSopClass_IsRefusedWithResult3AndTheOtherFilesAreStored()
    {
        var withoutCT = StandardSyntaxes.StorageScp(StandardSyntaxes.StorageSopClasses.Where(c => c != CTImageStorage));
        await using var scp = StorageScpFixture.Start(p => p with { SupportedAbstractSyntaxes = withoutCT });

        // storescu stops at the first file it cannot send, so the CT goes last.
        var (_, text) = await Dcmtk.StoreAsync(scp.Port, new[] { MRSmall, CTSmall }, new[] { "-d" });
        output.WriteLine(text);
        Assert.Contains("Abstract Syntax Not Supported", text, StringComparison.Ordinal);
        Assert.Contains("No presentation context for: (CT)", text, StringComparison.Ordinal);
        Assert.EndsWith("1.3.6.1.4.1.5962.1.1.4.1.1.20040826185059.5457.dcm", Assert.Single(scp.StoredFiles()), StringComparison.Ordinal);

        var results = await Client(scp).StoreFilesAsync(new[] { CTSmall, MRSmall });
        var ct = results.Single(r => r.Source == CTSmall);
        Assert.Null(ct.Status);
        Assert.Contains("abstract syntax not supported (result 3)", ct.Error, StringComparison.Ordinal);
        Assert.True(results.Single(r => r.Source == MRSmall).Succeeded);

        Assert.Single(scp.StoredFiles());
    }

    [Fact]
    public async Task UnsupportedTransferSyntax_IsRefusedWithResult4()
    {
        // An archive that takes CT only as JPEG 2000: uncompressed CT is refused.
        var jpeg2000Only = new Dictionary<string, IReadOnlyList<string>> { [CTImageStorage] = new[] { DicomTransferSyntax.Jpeg2000.Uid } };
        await using var scp = StorageScpFixture.Start(p => p with { SupportedAbstractSyntaxes = jpeg2000Only });

        var (_, text) = await Dcmtk.StoreAsync(scp.Port, new[] { CTSmall }, new[] { "-d" });
        output.WriteLine(text);
        Assert.Contains("Transfer Syntaxes Not Supported", text, StringComparison.Ordinal);
        Assert.Contains("No Acceptable Presentation Contexts", text, StringComparison.Ordinal);

        var result = Assert.Single(await Client(scp).StoreFilesAsync(new[] { CTSmall }));
        Assert.Null(result.Status);
        Assert.Contains("transfer syntaxes not supported (result 4)", result.Error, StringComparison.Ordinal);

        Assert.Empty(scp.StoredFiles());
    }

    [Fact]
    public async Task AssociationBeyondTheLimit_IsRejectedTransientlyByThePresentationProviderWithReason2()
    {
        await using var scp = StorageScpFixture.Start(p => p with { MaxAssociations = 1 });

        // Hold the one association the policy allows.
        var connection = await DicomConnection.ConnectAsync("127.0.0.1", scp.Port, null, TimeSpan.FromSeconds(5), CancellationToken.None);
        await using var held = await DicomAssociation.RequestAsync(connection, EchoRequest(), new AssociationOptions(), CancellationToken.None);
        Assert.Equal(1, scp.Server.ActiveAssociations);

        var (_, text) = await Dcmtk.EchoAsync(scp.Port);
        output.WriteLine(text);
        AssertDcmtkRejection(text, "Rejected Transient", "Service Provider (Presentation Related)", "Local Limit Exceeded");

        var rejection = await OurEchoRejectionAsync(scp);
        Assert.Equal(new AssociateRejectPdu(AssociateRejectResult.RejectedTransient, AssociateRejectSource.ServiceProviderPresentation, AssociateRejectReason.LocalLimitExceeded), rejection);
        Assert.Equal(2, (byte)rejection.Reason);

        // Once the held association is released, the next caller gets in.
        Assert.True((await held.ReleaseAsync()).Released);
        await Audit.WaitForRecordsAsync(scp, 3);
        var (exitCode, accepted) = await Dcmtk.EchoAsync(scp.Port);
        Assert.True(exitCode == 0, accepted);
    }

    private static void AssertDcmtkRejection(string text, string result, string source, string reason)
    {
        Assert.Contains("Association Rejected:", text, StringComparison.Ordinal);
        Assert.Contains($"Result: {result}, Source: {source}", text, StringComparison.Ordinal);
        Assert.Contains($"Reason: {reason}", text, StringComparison.Ordinal);
    }

    private static async Task<AssociateRejectPdu> OurEchoRejectionAsync(StorageScpFixture scp, string calledAeTitle = StorageScpFixture.AeTitle, string callingAeTitle = "SCU")
    {
        var client = Client(scp, calledAeTitle, callingAeTitle);
        var exception = await Assert.ThrowsAsync<DicomAssociationRejectedException>(() => client.EchoAsync());
        return exception.Rejection;
    }

    private static DicomClient Client(StorageScpFixture scp, string calledAeTitle = StorageScpFixture.AeTitle, string callingAeTitle = "SCU") => new(new DicomClientOptions
    {
        Host = "127.0.0.1",
        Port = scp.Port,
        CallingAeTitle = callingAeTitle,
        CalledAeTitle = calledAeTitle,
    });

    private static AssociateRequestPdu EchoRequest() => new(
        StorageScpFixture.AeTitle,
        "HOLDER",
        new[] { new PresentationContextProposal(1, StandardSyntaxes.Verification, new[] { DicomTransferSyntax.ImplicitVRLittleEndian.Uid }) },
        new UserInformation { MaximumLength = 16384 });
}
