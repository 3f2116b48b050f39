using System.CommandLine;
using DicomNode.Dicom.Network.Services;

namespace DicomNode.Service.Cli;

/// <summary><c>dicomnode send HOST PORT PATH...</c>: C-STORE files and folders, a progress bar and a result per file.</summary>
internal static class SendCommand
{
    public static Command Create()
    {
        var peer = new PeerOptions();
        var paths = new Argument<string[]>("PATH") { Description = "Files or folders (searched recursively) to send.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("send", "Send DICOM files with C-STORE.");
        peer.AddTo(command);
        command.Add(paths);
        command.SetAction((result, token) => CliErrors.RunAsync(async () =>
        {
            var files = Expand(result.GetValue(paths)!);
            if (files.Count == 0)
            {
                Console.Error.WriteLine("error: no files to send.");
                return CliErrors.BadInput;
            }

            var client = new DicomClient(peer.ToClientOptions(result));
            IReadOnlyList<CStoreResult> results = Array.Empty<CStoreResult>();
            await ProgressDisplay.RunAsync($"Sending {files.Count} file(s)", files.Count, async step =>
            {
                var progress = new SynchronousProgress<CStoreResult>(r => step(r.Succeeded ? Path.GetFileName(r.Source) : r.ToString()));
                results = await client.StoreFilesAsync(files, progress, token).ConfigureAwait(false);
            }).ConfigureAwait(false);

            foreach (var r in results)
            {
                Console.WriteLine(r);
            }

            var failed = results.Count(r => !r.Succeeded);
            Console.WriteLine($"{results.Count - failed} of {files.Count} sent, {failed} failed.");
            return failed == 0 ? CliErrors.Ok : CliErrors.Failed;
        }));
        return command;
    }

    private static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else
            {
                files.Add(path);
            }
        }

        return files;
    }

    /// <summary>Reports on the caller's thread, in order (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
