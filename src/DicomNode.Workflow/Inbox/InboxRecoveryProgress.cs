namespace DicomNode.Workflow.Inbox;

/// <summary>
/// One file examined by inbox recovery: how far it is (<paramref name="Examined"/> of <paramref name="Total"/>
/// not yet indexed), how many were indexed so far, and, when this file was left out, its path and why.
/// </summary>
public sealed record InboxRecoveryProgress(int Examined, int Total, int Indexed, string? LeftOutPath, string? LeftOutReason);
