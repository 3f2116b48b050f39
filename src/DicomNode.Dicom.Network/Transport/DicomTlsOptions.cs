using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace DicomNode.Dicom.Network.Transport;

/// <summary>
/// TLS for DICOM connections (PS3.15 Annex B, the BCP 195 secure transport profiles): TLS 1.2 and 1.3,
/// our certificate from PEM or PFX, and the authorities whose certificates we trust from peers.
/// </summary>
public sealed record DicomTlsOptions
{
    /// <summary>Our certificate: a PEM file (with <see cref="KeyPath"/>, or the key in the same file) or a PFX/PKCS#12 file.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/> when it is in a separate file.</summary>
    public string? KeyPath { get; init; }

    /// <summary>Password of a PFX file or of an encrypted PEM key.</summary>
    public string? Password { get; init; }

    /// <summary>PEM bundle of the authorities (or self-signed peer certificates) we trust; empty uses the system store.</summary>
    public string? TrustedCertificatesPath { get; init; }

    /// <summary>As acceptor: refuse a peer that presents no certificate we trust.</summary>
    public bool RequireClientCertificate { get; init; }

    /// <summary>As requestor: the name expected in the server's certificate; null skips the name check (DICOM peers are often addressed by IP).</summary>
    public string? ServerName { get; init; }

    public SslProtocols Protocols { get; init; } = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary>Loads our certificate with its private key; a clear error names what is missing.</summary>
    public X509Certificate2? LoadCertificate()
    {
        if (string.IsNullOrEmpty(CertificatePath))
        {
            return null;
        }

        if (!File.Exists(CertificatePath))
        {
            throw new FileNotFoundException($"TLS certificate file '{CertificatePath}' does not exist.", CertificatePath);
        }

        var extension = Path.GetExtension(CertificatePath).ToLowerInvariant();
        if (extension is ".pfx" or ".p12")
        {
            return X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, Password);
        }

        var keyPath = string.IsNullOrEmpty(KeyPath) ? CertificatePath : KeyPath;
        var certificate = string.IsNullOrEmpty(Password)
            ? X509Certificate2.CreateFromPemFile(CertificatePath, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(CertificatePath, Password, keyPath);

        // On some platforms an ephemeral PEM key cannot be used by SslStream; a PKCS#12 round trip makes it usable.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>The trusted certificates, or null to rely on the system's store.</summary>
    public X509Certificate2Collection? LoadTrustedCertificates()
    {
        if (string.IsNullOrEmpty(TrustedCertificatesPath))
        {
            return null;
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(TrustedCertificatesPath);
        return collection;
    }
}
