using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DicomNode.Dicom.Network.Tests.Interop.Tls;

/// <summary>
/// A throw-away PKI written as PEM into a temporary folder: a CA, a server and a client certificate it
/// signed, and a second, untrusted CA with a client certificate of its own. Disposing deletes the folder.
/// One per test class (RSA key generation takes a moment).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates()
    {
        Folder = Directory.CreateTempSubdirectory("dicomnode-tls-").FullName;
        var now = DateTimeOffset.UtcNow;
        using var ca = CreateAuthority("DicomNode Test CA", now);
        using var rogueCa = CreateAuthority("Rogue Test CA", now);
        File.WriteAllText(CaCertificate, ca.ExportCertificatePem());
        Issue(ca, "localhost", serverAuth: true, now, ServerCertificate, ServerKey);
        Issue(ca, "DICOMNODE-SCU", serverAuth: false, now, ClientCertificate, ClientKey);
        Issue(rogueCa, "ROGUE-SCU", serverAuth: false, now, RogueClientCertificate, RogueClientKey);
    }

    public string Folder { get; }

    public string CaCertificate => Path.Combine(Folder, "ca.crt");

    public string ServerCertificate => Path.Combine(Folder, "server.crt");

    public string ServerKey => Path.Combine(Folder, "server.key");

    public string ClientCertificate => Path.Combine(Folder, "client.crt");

    public string ClientKey => Path.Combine(Folder, "client.key");

    /// <summary>A client certificate signed by a CA nobody trusts.</summary>
    public string RogueClientCertificate => Path.Combine(Folder, "rogue-client.crt");

    public string RogueClientKey => Path.Combine(Folder, "rogue-client.key");

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private static X509Certificate2 CreateAuthority(string name, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private static void Issue(X509Certificate2 authority, string name, bool serverAuth, DateTimeOffset now, string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            new OidCollection { Oid.FromOidValue(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2", OidGroup.EnhancedKeyUsage) }, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (serverAuth)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(authority, now.AddMinutes(-5), now.AddHours(23), serial);
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
    }
}
