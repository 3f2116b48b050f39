namespace DicomNode.Imaging.Selection;

/// <summary>A required role with no series, and one line saying what was looked for (what the short SR reports).</summary>
public sealed record MissingRole(SeriesRole Role, string Message)
{
    /// <summary>
    /// What a report says is missing, in the reader's words: <see cref="Message"/> without what the selection rules
    /// looked for (their description patterns are configuration, for the log and <c>analyze</c>, not for a report).
    /// </summary>
    public string ReportText { get; init; } = Message;

    public override string ToString() => Message;
}
