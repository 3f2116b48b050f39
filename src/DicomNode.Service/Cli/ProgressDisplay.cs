using Spectre.Console;

namespace DicomNode.Service.Cli;

/// <summary>
/// Progress for long work: a bar when a person watches a terminal, one plain line per step when the
/// output goes to a file or a pipe (a bar redrawn there would only leave stale frames behind).
/// </summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, which reports each finished step with a short label.</summary>
    public static async Task RunAsync(string title, int total, Func<Action<string>, Task> work)
    {
        if (Console.IsOutputRedirected)
        {
            var done = 0;
            Console.WriteLine($"{title}: {total} step(s)");
            await work(label => Console.WriteLine($"[{Interlocked.Increment(ref done)}/{total}] {label}")).ConfigureAwait(false);
            return;
        }

        await AnsiConsole.Progress().AutoClear(false).StartAsync(async ctx =>
        {
            var task = ctx.AddTask(Markup.Escape(title), maxValue: total);
            await work(_ => task.Increment(1)).ConfigureAwait(false);
            task.Value = total;
        }).ConfigureAwait(false);
    }
}
