using System.CommandLine;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Cli;

/// <summary><c>dicomnode echo HOST PORT</c>: C-ECHO any AE, the first thing to try when a link is in doubt.</summary>
internal static class EchoCommand
{
    public static Command Create()
    {
        var peer = new PeerOptions();
        var command = new Command("echo", "Verify a DICOM peer with C-ECHO.");
        peer.AddTo(command);
        command.SetAction((result, token) => CliErrors.RunAsync(async () =>
        {
            var options = peer.ToClientOptions(result);
            var started = System.Diagnostics.Stopwatch.StartNew();
            var status = await new DicomClient(options).EchoAsync(token).ConfigureAwait(false);
            Console.WriteLine($"C-ECHO {options.CalledAeTitle}@{options.Host}:{options.Port}: {status} in {started.ElapsedMilliseconds} ms");
            return status.IsSuccess ? CliErrors.Ok : CliErrors.Failed;
        }));
        return command;
    }
}
