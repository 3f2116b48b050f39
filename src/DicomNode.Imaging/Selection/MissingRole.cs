namespace DicomNode.Imaging.Selection;

/// <summary>A required role with no series, and one line saying what was looked for (what the short SR reports).</summary>
public sealed record MissingRole(SeriesRole Role, string Message)
{
    public override string ToString() => Message;
}
