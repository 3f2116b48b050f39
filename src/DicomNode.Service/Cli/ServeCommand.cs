using System.CommandLine;
using DicomNode.Dicom.Network.Acse;
using DicomNode.Dicom.Network.Services;
using DicomNode.Dicom.Network.Transport;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode serve --aet AET --port N --data DIR</c>: the storage SCP, storing what it receives under
/// DIR. The full node (durable inbox, jobs, outbox) builds on this.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var aet = new Option<string>("--aet") { Description = "Our AE title.", DefaultValueFactory = _ => "DICOMNODE" };
        var port = new Option<int>("--port") { Description = "TCP port to listen on.", DefaultValueFactory = _ => 11112 };
        var bind = new Option<string>("--bind") { Description = "Address to bind: 0.0.0.0, :: (IPv6 and IPv4) or one interface.", DefaultValueFactory = _ => "0.0.0.0" };
        var data = new Option<DirectoryInfo>("--data") { Description = "Folder for received instances.", DefaultValueFactory = _ => new DirectoryInfo("data") };
        var config = new Option<FileInfo?>("--config") { Description = "Configuration file (used by the full node; accepted for compatibility)." };
        var callers = new Option<string[]>("--accept") { Description = "Accepted calling AE titles (AE or AE@address); none accepts any.", AllowMultipleArgumentsPerToken = true };
        var maxAssociations = new Option<int>("--max-associations") { Description = "Associations served at once.", DefaultValueFactory = _ => 16 };
        var cert = new Option<FileInfo?>("--tls-cert") { Description = "Server certificate (PEM or PFX); enables TLS." };
        var key = new Option<FileInfo?>("--tls-key") { Description = "PEM private key of --tls-cert when separate." };
        var trust = new Option<FileInfo?>("--tls-trust") { Description = "PEM file of client certificates or authorities we trust." };
        var requireClient = new Option<bool>("--tls-require-client") { Description = "Refuse TLS clients without a trusted certificate." };
        var command = new Command("serve", "Run the DICOM storage SCP.") { aet, port, bind, data, config, callers, maxAssociations, cert, key, trust, requireClient };
        command.SetAction((result, token) => CliErrors.RunAsync(async () =>
        {
            var accepted = (result.GetValue(callers) ?? Array.Empty<string>()).Select(ParseCaller).ToList();
            var policy = new AssociationPolicyOptions
            {
                AeTitle = result.GetValue(aet)!,
                AcceptedCallers = accepted,
                SupportedAbstractSyntaxes = StandardSyntaxes.StorageScp(),
                MaxAssociations = result.GetValue(maxAssociations),
            };
            var tls = result.GetValue(cert) is { } certificate
                ? new DicomTlsOptions
                {
                    CertificatePath = certificate.FullName,
                    KeyPath = result.GetValue(key)?.FullName,
                    TrustedCertificatesPath = result.GetValue(trust)?.FullName,
                    RequireClientCertificate = result.GetValue(requireClient),
                }
                : null;
            var folder = result.GetValue(data)!.FullName;
            var server = new DicomServer(new DicomServerOptions
            {
                BindAddress = result.GetValue(bind)!,
                Port = result.GetValue(port),
                Tls = tls,
                Policy = () => policy,
            }, new FolderStoreHandler(folder), new ConsoleAssociationLog());
            server.Start();
            Console.WriteLine($"{policy.AeTitle} listening on {server.LocalEndPoint}{(tls is null ? string.Empty : " (TLS)")}, storing under {folder}");
            try
            {
                await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: stop cleanly.
            }

            await server.DisposeAsync().ConfigureAwait(false);
            return CliErrors.Ok;
        }));
        return command;
    }

    private static AcceptedCaller ParseCaller(string text)
    {
        var at = text.LastIndexOf('@');
        return at > 0 ? new AcceptedCaller(text[..at], text[(at + 1)..]) : new AcceptedCaller(text);
    }

    /// <summary>One line per association on the console: who, from where, the decision, instances stored.</summary>
    private sealed class ConsoleAssociationLog : IAssociationObserver
    {
        public void AssociationEnded(AssociationRecord record) =>
            Console.WriteLine($"{record.Ended:O} {record.CallingAeTitle ?? "?"} -> {record.CalledAeTitle ?? "?"} from {record.PeerAddress}: "
                + $"{(record.Accepted ? "accepted" : "not accepted")} ({record.Decision}), {record.InstancesStored} stored, {record.Outcome}");
    }
}
