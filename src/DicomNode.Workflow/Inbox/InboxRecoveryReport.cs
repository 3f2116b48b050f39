namespace DicomNode.Workflow.Inbox;

/// <summary>What <see cref="DurableInbox.RecoverAsync"/> found after a restart.</summary>
/// <param name="TemporaryFilesDeleted">Partial uploads in tmp/ from C-STOREs that were never answered with success.</param>
/// <param name="InstancesIndexed">Files renamed into the inbox whose index row was lost (a crash between rename and commit).</param>
/// <param name="UnreadableFiles">Inbox files that could not be parsed or do not belong where they are; left in place and logged.</param>
public sealed record InboxRecoveryReport(int TemporaryFilesDeleted, int InstancesIndexed, int UnreadableFiles);
