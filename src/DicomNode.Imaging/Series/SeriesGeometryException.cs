namespace DicomNode.Imaging.Series;

/// <summary>A series whose slices cannot be stacked into one volume: mixed orientations, sizes or spacings, or slices at one position.</summary>
public sealed class SeriesGeometryException : Exception
{
    public SeriesGeometryException(string? seriesInstanceUid, string message)
        : base($"series {seriesInstanceUid ?? "(no Series Instance UID)"}: {message}")
    {
        SeriesInstanceUid = seriesInstanceUid;
    }

    public string? SeriesInstanceUid { get; }
}
