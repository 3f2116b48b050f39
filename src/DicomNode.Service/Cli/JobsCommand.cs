using System.CommandLine;
using System.Globalization;
using DicomNode.Workflow.Jobs;
using Spectre.Console;

namespace DicomNode.Service.Cli;

/// <summary><c>dicomnode jobs list|show|retry</c>: the analysis jobs and their states.</summary>
internal static class JobsCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "The configuration file the service reads. " + Configuration.ConfigLocation.Rule, Recursive = true };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The data folder the service was started with (serve --data).", Recursive = true };
        var command = new Command("jobs", "List, inspect and retry analysis jobs.") { config, data };

        var state = new Option<JobState?>("--state") { Description = "Only jobs in this state." };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List jobs, newest first.") { state, limit };
        list.SetAction(result => CliErrors.Run(() =>
        {
            using var node = NodeState.Open(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName);
            var jobs = new JobStore(node.Database).List(result.GetValue(state), result.GetValue(limit));
            var table = new Table().AddColumns("Id", "State", "Study", "Caller", "Runs", "Created", "Reason or summary");
            foreach (var job in jobs)
            {
                table.AddRow(job.Id.ToString(CultureInfo.InvariantCulture), job.State.ToString().ToLowerInvariant(), Markup.Escape(job.StudyInstanceUid),
                    Markup.Escape(job.CallingAeTitle), job.Runs.ToString(CultureInfo.InvariantCulture), job.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                    Markup.Escape(job.Reason ?? job.Summary ?? string.Empty));
            }

            TableOutput.Write(table, jobs.Count == 0 ? "No jobs." : null);
        }));

        var id = new Argument<long>("ID") { Description = "The job's id." };
        var show = new Command("show", "Show one job and the series it covers.") { id };
        show.SetAction(result => CliErrors.Run(() =>
        {
            using var node = NodeState.Open(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName);
            var details = new JobStore(node.Database).Get(result.GetValue(id))
                ?? throw new InvalidOperationException($"There is no job {result.GetValue(id)}.");
            var job = details.Job;
            Console.WriteLine($"Job {job.Id}: {job.State.ToString().ToLowerInvariant()}");
            Console.WriteLine($"  study      {job.StudyInstanceUid}");
            Console.WriteLine($"  caller     {job.CallingAeTitle}");
            Console.WriteLine($"  runs       {job.Runs}");
            Console.WriteLine($"  created    {job.CreatedAt:u}; started {job.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}; finished {job.FinishedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
            if (job.Reason is not null)
            {
                Console.WriteLine($"  reason     {job.Reason}");
            }

            if (job.Summary is not null)
            {
                Console.WriteLine($"  summary    {job.Summary}");
            }

            if (job.SupersededBy is { } newer)
            {
                Console.WriteLine($"  superseded by job {newer}");
            }

            foreach (var series in details.Series)
            {
                Console.WriteLine($"  series     {series.SeriesInstanceUid} ({series.Modality ?? "?"}, {series.InstanceCount} instances)");
            }
        }));

        var retryId = new Argument<long>("ID") { Description = "The failed job to run again." };
        var retry = new Command("retry", "Queue a failed job again.") { retryId };
        retry.SetAction((result, _) => CliErrors.RunAsync(async () =>
        {
            using var node = NodeState.Open(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName);
            var outcome = new JobStore(node.Database).Retry(result.GetValue(retryId));
            Console.WriteLine(outcome.Message);
            if (outcome.Queued && !await node.WakeServiceAsync().ConfigureAwait(false))
            {
                Console.WriteLine("The service did not answer; it will run the job when it next starts.");
            }

            return outcome.Queued ? CliErrors.Ok : CliErrors.Failed;
        }));

        command.Add(list);
        command.Add(show);
        command.Add(retry);
        return command;
    }
}
