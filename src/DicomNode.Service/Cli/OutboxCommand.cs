using System.CommandLine;
using System.Globalization;
using DicomNode.Workflow.Outbox;
using Spectre.Console;

namespace DicomNode.Service.Cli;

/// <summary><c>dicomnode outbox list|retry</c>: results waiting for, or given up on, their destinations.</summary>
internal static class OutboxCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "The configuration file the service reads. " + Configuration.ConfigLocation.Rule, Recursive = true };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The data folder the service was started with (serve --data).", Recursive = true };
        var command = new Command("outbox", "List and retry results to be sent.") { config, data };

        var state = new Option<OutboxState?>("--state") { Description = "Only items in this state (pending, sent, failed)." };
        var destination = new Option<string?>("--destination") { Description = "Only items for this destination." };
        var limit = new Option<int>("--limit") { Description = "At most this many.", DefaultValueFactory = _ => 100 };
        var list = new Command("list", "List outbox items and the depth of each queue.") { state, destination, limit };
        list.SetAction(result => CliErrors.Run(() =>
        {
            using var node = NodeState.Open(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName);
            var store = new OutboxStore(node.Database);
            var depths = new Table().AddColumns("Destination", "State", "Items");
            foreach (var depth in store.Depths())
            {
                depths.AddRow(Markup.Escape(depth.Destination), depth.State.ToString().ToLowerInvariant(), depth.Count.ToString(CultureInfo.InvariantCulture));
            }

            var items = store.List(result.GetValue(state), result.GetValue(destination), result.GetValue(limit));
            var table = new Table().AddColumns("Id", "Destination", "State", "SOP Instance UID", "Attempts", "Next attempt", "Last error");
            foreach (var item in items)
            {
                table.AddRow(item.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(item.Destination), item.State.ToString().ToLowerInvariant(),
                    Markup.Escape(item.SopInstanceUid), item.Attempts.ToString(CultureInfo.InvariantCulture),
                    item.State == OutboxState.Pending ? item.NextAttemptAt.ToString("u", CultureInfo.InvariantCulture) : "-", Markup.Escape(item.LastError ?? string.Empty));
            }

            TableOutput.Write(depths, store.Depths().Count == 0 ? "The outbox is empty." : null);
            if (items.Count > 0)
            {
                TableOutput.Write(table, null);
            }
        }));

        var id = new Option<long?>("--id") { Description = "Only this item." };
        var retryDestination = new Option<string?>("--destination") { Description = "Only this destination's failed items." };
        var retry = new Command("retry", "Queue failed items again, attempts reset.") { id, retryDestination };
        retry.SetAction((result, _) => CliErrors.RunAsync(async () =>
        {
            using var node = NodeState.Open(result.GetValue(config)?.FullName, result.GetValue(data)?.FullName);
            var count = new OutboxStore(node.Database).Retry(DateTimeOffset.UtcNow, result.GetValue(id), result.GetValue(retryDestination));
            Console.WriteLine($"{count} item(s) queued again.");
            if (count > 0 && !await node.WakeServiceAsync().ConfigureAwait(false))
            {
                Console.WriteLine("The service did not answer; it will deliver them when it next starts.");
            }

            return CliErrors.Ok;
        }));

        command.Add(list);
        command.Add(retry);
        return command;
    }
}
