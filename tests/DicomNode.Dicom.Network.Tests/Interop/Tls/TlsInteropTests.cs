using System.Security.Authentication;
using System.Text.RegularExpressions;
using DicomNode.Dicom.Network.Dimse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Tests.Interop.Hostile;
using DicomNode.Dicom.Network.Tests.Pdus;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Dicom.Network.Tests.Interop.Tls;

/// <summary>
/// TLS (PS3.15 Annex B, BCP 195) between our node and DCMTK, both ways, with certificates made for the test:
/// mutual authentication, TLS 1.2 and 1.3, and a refused client that has no certificate we trust.
/// </summary>
public sealed class TlsInteropTests(TestCertificates pki) : IClassFixture<TestCertificates>
{
    private static readonly TimeSpan PeerBound = TimeSpan.FromSeconds(20);

    private readonly TestCertificates _pki = pki;

    [DcmtkTheory]
    [InlineData(SslProtocols.Tls12, "TLSv1.2")]
    [InlineData(SslProtocols.Tls13, "TLSv1.3")]
    public async Task Echoscu_WithAClientCertificate_IsAnsweredByOurTlsScp(SslProtocols protocol, string dcmtkName)
    {
        await using var scp = StorageScpFixture.Start(tls: ServerTls() with { Protocols = protocol });
        var (exitCode, output) = await PeerProcess.RunAsync("echoscu",
            ["-d", "+tls", _pki.ClientKey, _pki.ClientCertificate, "+cf", _pki.CaCertificate, "-aec", StorageScpFixture.AeTitle, "127.0.0.1", Port(scp)],
            PeerBound);

        Assert.True(exitCode == 0, output);
        Assert.Equal(dcmtkName, NegotiatedProtocol(output));
        var record = await SingleRecordAsync(scp);
        Assert.True(record.Accepted, record.Decision);
    }

    [DcmtkFact]
    public async Task Storescu_OverMutualTls_StoresTheFileInOurScp()
    {
        await using var scp = StorageScpFixture.Start(tls: ServerTls());
        var (exitCode, output) = await PeerProcess.RunAsync("storescu",
            ["+tls", _pki.ClientKey, _pki.ClientCertificate, "+cf", _pki.CaCertificate, "-aec", StorageScpFixture.AeTitle, "127.0.0.1", Port(scp), NormalClient.SmallFile],
            PeerBound);

        // storescu exits 0 even when a store failed: the file on disk is the proof.
        Assert.True(exitCode == 0, output);
        Assert.Single(scp.StoredFiles());
    }

    [DcmtkTheory]
    [InlineData("anonymous")]
    [InlineData("rogue")]
    public async Task Storescu_WithoutATrustedClientCertificate_IsRefusedAndNothingIsStored(string client)
    {
        await using var scp = StorageScpFixture.Start(tls: ServerTls());
        string[] identity = client == "anonymous" ? ["+tla"] : ["+tls", _pki.RogueClientKey, _pki.RogueClientCertificate];
        var (exitCode, output) = await PeerProcess.RunAsync("storescu",
            [.. identity, "+cf", _pki.CaCertificate, "-aec", StorageScpFixture.AeTitle, "127.0.0.1", Port(scp), NormalClient.SmallFile],
            PeerBound);

        Assert.True(exitCode != 0, output);
        Assert.Empty(scp.StoredFiles());
        var record = await SingleRecordAsync(scp);
        Assert.False(record.Accepted);
        Assert.StartsWith("TLS handshake failed", record.Decision, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OurScu_WithoutAClientCertificate_IsRefusedByOurScpThatRequiresOne()
    {
        await using var scp = StorageScpFixture.Start(tls: ServerTls());
        var client = new DicomClient(ClientOptions(scp.Port, new DicomTlsOptions { TrustedCertificatesPath = _pki.CaCertificate }));

        await Assert.ThrowsAnyAsync<Exception>(() => client.EchoAsync().WaitAsync(PeerBound));
        Assert.Empty(scp.StoredFiles());
    }

    [DcmtkTheory]
    [InlineData(SslProtocols.Tls12, "TLSv1.2")]
    [InlineData(SslProtocols.Tls13, "TLSv1.3")]
    public async Task OurScu_StoresIntoStorescpOverMutualTls(SslProtocols protocol, string dcmtkName)
    {
        var folder = Directory.CreateTempSubdirectory("dicomnode-storescp-").FullName;
        try
        {
            int port = FreePort.Next();
            using var storescp = PeerProcess.Start("storescp",
                ["-d", "+tls", _pki.ServerKey, _pki.ServerCertificate, "+cf", _pki.CaCertificate, "--require-peer-cert", "-od", folder, "-aet", "STORESCP", port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await ListeningPort.WaitAsync(port, storescp, PeerBound);
            var client = new DicomClient(ClientOptions(port, ClientTls() with { Protocols = protocol }) with { CalledAeTitle = "STORESCP" });

            Assert.Equal(DimseStatus.Success, await client.EchoAsync().WaitAsync(PeerBound));
            var result = Assert.Single(await client.StoreFilesAsync([NormalClient.SmallFile]).WaitAsync(PeerBound));
            Assert.True(result.Succeeded, result + "\n" + storescp.Output);
            Assert.Single(Directory.GetFiles(folder));
            Assert.Equal(dcmtkName, NegotiatedProtocol(storescp.Output));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The server's audit record of the one connection, which it writes just after the peer has gone.</summary>
    private static async Task<AssociationRecord> SingleRecordAsync(StorageScpFixture scp)
    {
        var deadline = DateTime.UtcNow + PeerBound;
        while (scp.Observer.Records.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return Assert.Single(scp.Observer.Records);
    }

    /// <summary>The protocol in the TLS connection details a DCMTK tool prints with -d.</summary>
    private static string NegotiatedProtocol(string dcmtkOutput)
    {
        var match = Regex.Match(dcmtkOutput, @"Protocol\s*:\s*(TLSv[\d.]+)");
        Assert.True(match.Success, $"no TLS connection details in:\n{dcmtkOutput}");
        return match.Groups[1].Value;
    }

    private static string Port(StorageScpFixture scp) => scp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private DicomTlsOptions ServerTls() => new()
    {
        CertificatePath = _pki.ServerCertificate,
        KeyPath = _pki.ServerKey,
        TrustedCertificatesPath = _pki.CaCertificate,
        RequireClientCertificate = true,
    };

    private DicomTlsOptions ClientTls() => new()
    {
        CertificatePath = _pki.ClientCertificate,
        KeyPath = _pki.ClientKey,
        TrustedCertificatesPath = _pki.CaCertificate,
    };

    private static DicomClientOptions ClientOptions(int port, DicomTlsOptions tls) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        CallingAeTitle = "DICOMNODE-SCU",
        CalledAeTitle = StorageScpFixture.AeTitle,
        Tls = tls,
        ConnectTimeout = PeerBound,
    };
}
