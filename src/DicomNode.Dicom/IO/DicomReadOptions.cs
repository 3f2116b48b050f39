namespace DicomNode.Dicom.IO;

/// <summary>Limits and choices for <see cref="Part10Reader"/>.</summary>
public sealed record DicomReadOptions
{
    public static readonly DicomReadOptions Default = new();

    /// <summary>
    /// Read a data set with no preamble, 'DICM' prefix or meta information (PS3.10 §7.1 optional for
    /// media but common on the wire and in old archives). When false, such input is rejected.
    /// </summary>
    public bool AllowRawDataset { get; init; }

    /// <summary>
    /// Transfer syntax of a raw data set; null to infer it from the first element (byte order and
    /// whether a VR code follows the tag).
    /// </summary>
    public DicomTransferSyntax? RawTransferSyntax { get; init; }

    /// <summary>Largest value length accepted for one element, in bytes.</summary>
    public long MaxElementLength { get; init; } = int.MaxValue;

    /// <summary>Deepest nesting of sequences accepted; deeper input is rejected as hostile.</summary>
    public int MaxSequenceDepth { get; init; } = 32;

    /// <summary>Largest inflated size of a Deflated Explicit VR Little Endian data set (a guard against deflate bombs).</summary>
    public long MaxInflatedLength { get; init; } = 1L << 31;

    /// <summary>Stop before Pixel Data (7FE0,0010) and anything after it; for indexing headers quickly.</summary>
    public bool StopBeforePixelData { get; init; }
}
