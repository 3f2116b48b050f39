namespace DicomNode.Dicom.IO;

/// <summary>Limits and choices for <see cref="Part10HeaderReader"/>.</summary>
public sealed record Part10HeaderOptions
{
    public static readonly Part10HeaderOptions Default = new();

    /// <summary>
    /// The first top-level tag that is not kept: the reader stops keeping (and, without <see cref="ScanToEnd"/>, stops
    /// reading) at the first top-level element at or after it. Pixel Data (7FE0,0010) by default.
    /// </summary>
    public DicomTag StopAt { get; init; } = new(0x7FE0, 0x0010);

    /// <summary>
    /// Walk the rest of the data set after <see cref="StopAt"/> without keeping it: its structure (element, item and
    /// fragment lengths, delimiters) is checked to the last byte and a Deflated data set is inflated to its end
    /// within <see cref="MaxInflatedLength"/>. Memory stays at the look-ahead buffer.
    /// </summary>
    public bool ScanToEnd { get; init; }

    /// <summary>Largest number of bytes kept before <see cref="StopAt"/> (meta information apart); more is refused.</summary>
    public long MaxHeaderLength { get; init; } = 64L << 20;

    /// <summary>Largest inflated size of a Deflated Explicit VR Little Endian data set, checked while inflating.</summary>
    public long MaxInflatedLength { get; init; } = 1L << 31;

    /// <summary>Deepest nesting of sequences accepted; deeper input is rejected as hostile.</summary>
    public int MaxSequenceDepth { get; init; } = 32;
}
