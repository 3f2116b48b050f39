namespace DicomNode.Imaging.Selection;

/// <summary>A role and the series found for it, for the report.</summary>
public sealed record ProtocolFinding(SeriesRole Role, string SeriesInstanceUid, int? SeriesNumber, string Description, double? BValue)
{
    public override string ToString() => BValue is { } b
        ? $"{Role}: series {SeriesNumber} '{Description}' b={b:0.##}"
        : $"{Role}: series {SeriesNumber} '{Description}'";
}
