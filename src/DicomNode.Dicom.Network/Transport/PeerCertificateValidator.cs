using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DicomNode.Dicom.Network.Transport;

/// <summary>Validates a peer's certificate against the configured trusted authorities (a custom trust root) or the system store.</summary>
internal sealed class PeerCertificateValidator
{
    private readonly X509Certificate2Collection? _trusted;
    private readonly bool _checkName;

    public PeerCertificateValidator(X509Certificate2Collection? trusted, bool checkName)
    {
        _trusted = trusted;
        _checkName = checkName;
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        var remaining = errors & ~SslPolicyErrors.RemoteCertificateChainErrors;
        if (!_checkName)
        {
            remaining &= ~SslPolicyErrors.RemoteCertificateNameMismatch;
        }

        if (remaining != SslPolicyErrors.None)
        {
            return false;
        }

        if (_trusted is null)
        {
            return (errors & SslPolicyErrors.RemoteCertificateChainErrors) == 0;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        var peer = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(peer))
        {
            return true;
        }

        // A self-signed peer certificate listed itself among the trusted ones is trusted as is.
        return _trusted.Any(t => t.RawDataMemory.Span.SequenceEqual(peer.RawDataMemory.Span));
    }
}
