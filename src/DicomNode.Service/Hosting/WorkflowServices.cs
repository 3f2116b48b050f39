using DicomNode.Service.Configuration;
using Microsoft.Extensions.Hosting;

namespace DicomNode.Service.Hosting;

/// <summary>
/// Before the listener opens: finish what a crash interrupted — temporary files removed, placed but
/// unindexed instances indexed, staged outbox files reconciled — and resume assembling waiting studies.
/// </summary>
internal sealed class WorkflowRecoveryService(NodeWorkflow workflow) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await workflow.Inbox.RecoverAsync(cancellationToken).ConfigureAwait(false);
        workflow.Outbox.Recover(workflow.OutboxOptions());
        workflow.Assembler.Start();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Runs jobs with bounded concurrency; jobs left running by a crash are queued again at start.</summary>
internal sealed class JobRunnerService(NodeWorkflow workflow) : BackgroundService
{
    /// <summary>Not on a node without the analyse role (Node:Roles): other nodes sharing the database run the jobs.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        workflow.Roles.HasFlag(NodeRoles.Analyse) ? workflow.Runner.RunAsync(stoppingToken) : Task.CompletedTask;
}

/// <summary>Delivers the outbox, one queue per destination, with retries.</summary>
internal sealed class OutboxDeliveryService(NodeWorkflow workflow) : BackgroundService
{
    /// <summary>Not on a node without the deliver role (Node:Roles).</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        workflow.Roles.HasFlag(NodeRoles.Deliver) ? workflow.Delivery.RunAsync(stoppingToken) : Task.CompletedTask;
}

/// <summary>Removes expired studies, job folders and delivered-result records (Retention settings), hourly by default.</summary>
internal sealed class RetentionService(NodeWorkflow workflow) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => workflow.Retention.RunAsync(stoppingToken);
}

/// <summary>
/// On a database several nodes share: looks for studies waiting for assembly every half lease, so that one whose
/// receiving node died before its quiet period ended is assembled here. Nothing to do on SQLite (one node).
/// </summary>
internal sealed class StudyRescanService(NodeWorkflow workflow, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!workflow.Assembler.Shared)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(workflow.Assembler.RescanInterval, time, stoppingToken).ConfigureAwait(false);
                workflow.Assembler.Rescan();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (System.Data.Common.DbException)
            {
                // The database is away: the next round tries again; the runner and the inbox report it.
            }
        }
    }
}
