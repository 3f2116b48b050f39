using System.CommandLine;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Service.Cli;

/// <summary>The options every verb that calls a peer shares: host, port, AE titles, TLS.</summary>
internal sealed class PeerOptions
{
    public Argument<string> Host { get; } = new("HOST") { Description = "The peer's host name or address." };

    public Argument<int> Port { get; } = new("PORT") { Description = "The peer's DICOM port." };

    public Option<string> CallingAeTitle { get; } = new("--aet") { Description = "Our AE title (calling).", DefaultValueFactory = _ => "DICOMNODE" };

    public Option<string> CalledAeTitle { get; } = new("--aec") { Description = "The peer's AE title (called).", DefaultValueFactory = _ => "ANY-SCP" };

    public Option<bool> Tls { get; } = new("--tls") { Description = "Use TLS (PS3.15 secure transport)." };

    public Option<FileInfo?> Certificate { get; } = new("--cert") { Description = "Our certificate (PEM or PFX) for TLS client authentication." };

    public Option<FileInfo?> Key { get; } = new("--key") { Description = "The PEM private key of --cert when it is a separate file." };

    public Option<FileInfo?> Trust { get; } = new("--trust") { Description = "PEM file of the certificates we trust for the peer (default: the system store)." };

    public void AddTo(Command command)
    {
        command.Add(Host);
        command.Add(Port);
        command.Add(CallingAeTitle);
        command.Add(CalledAeTitle);
        command.Add(Tls);
        command.Add(Certificate);
        command.Add(Key);
        command.Add(Trust);
    }

    public DicomClientOptions ToClientOptions(ParseResult result)
    {
        var tls = result.GetValue(Tls) || result.GetValue(Certificate) is not null || result.GetValue(Trust) is not null
            ? new DicomTlsOptions
            {
                CertificatePath = result.GetValue(Certificate)?.FullName,
                KeyPath = result.GetValue(Key)?.FullName,
                TrustedCertificatesPath = result.GetValue(Trust)?.FullName,
            }
            : null;
        return new DicomClientOptions
        {
            Host = result.GetValue(Host)!,
            Port = result.GetValue(Port),
            CallingAeTitle = result.GetValue(CallingAeTitle)!,
            CalledAeTitle = result.GetValue(CalledAeTitle)!,
            Tls = tls,
        };
    }
}
