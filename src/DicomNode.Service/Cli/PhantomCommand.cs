using System.CommandLine;
using DicomNode.Phantom;
using Spectre.Console;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode phantom --seed N [--count C] [--profile ge|philips|siemens] --out DIR [--montage FILE]</c>: synthetic pelvic
/// MR studies with ground truth, for demonstration and testing only — never clinical use.
/// </summary>
internal static class PhantomCommand
{
    public static Command Create()
    {
        var seed = new Option<int>("--seed") { Description = "Seed of the first subject; the same seed writes identical files.", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Number of subjects (seeds seed, seed+1, ...).", DefaultValueFactory = _ => 1 };
        var profile = new Option<string?>("--profile") { Description = "Scanner profile: ge, philips or siemens. Default: the profiles take turns by seed." };
        profile.AcceptOnlyFromAmong([.. PhantomGenerator.Profiles]);
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder; each subject gets a folder phantom-NNNN.", Required = true };
        var montage = new Option<FileInfo?>("--montage") { Description = "Also write a PNG montage of the first subject, labels overlaid." };
        var command = new Command("phantom", "Generate synthetic pelvic MR studies with ground truth (synthetic; for demonstration and testing, not clinical use).")
        {
            seed, count, profile, output, montage,
        };
        command.SetAction(result => CliErrors.Run(() =>
        {
            var first = result.GetValue(seed);
            var n = result.GetValue(count);
            if (n < 1)
            {
                throw new InvalidOperationException("--count must be at least 1.");
            }

            var root = result.GetValue(output)!.FullName;
            var named = result.GetValue(profile);
            var montageFile = result.GetValue(montage)?.FullName;
            string ProfileOf(int s) => named ?? PhantomGenerator.ProfileForSeed(s);
            if (n == 1)
            {
                var folder = montageFile is null
                    ? PhantomGenerator.Generate(first, ProfileOf(first), root)
                    : PhantomGenerator.Generate(first, ProfileOf(first), root, montageFile);
                Console.WriteLine($"{folder}: synthetic phantom ({ProfileOf(first)}), seed {first}");
                return;
            }

            ProgressDisplay.RunAsync($"Generating {n} synthetic subjects", n, step =>
            {
                for (var i = 0; i < n; i++)
                {
                    var s = first + i;
                    var folder = i == 0 && montageFile is not null
                        ? PhantomGenerator.Generate(s, ProfileOf(s), root, montageFile)
                        : PhantomGenerator.Generate(s, ProfileOf(s), root);
                    step(Path.GetFileName(folder));
                }

                return Task.CompletedTask;
            }).GetAwaiter().GetResult();
            Console.WriteLine($"{n} synthetic subjects in {root}");
        }));
        return command;
    }
}
