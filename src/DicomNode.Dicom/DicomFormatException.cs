namespace DicomNode.Dicom;

/// <summary>
/// The one exception for malformed DICOM input: it says what was wrong, at which byte offset of the
/// stream, and in which element.
/// </summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException(string message, long offset, DicomTag? tag = null, Exception? inner = null)
        : base(Compose(message, offset, tag), inner)
    {
        Offset = offset;
        Tag = tag;
        Reason = message;
    }

    /// <summary>Byte offset from the start of the stream where the problem was found.</summary>
    public long Offset { get; }

    /// <summary>The element being read, when known.</summary>
    public DicomTag? Tag { get; }

    /// <summary>
    /// True when the input broke a configured size limit (an inflated or kept size) rather than the standard's
    /// rules: a receiver answers it as out of resources, not as a data set it cannot understand.
    /// </summary>
    public bool ExceedsLimit { get; init; }

    /// <summary>The problem, without offset and tag.</summary>
    public string Reason { get; }

    private static string Compose(string message, long offset, DicomTag? tag) =>
        tag is { } t ? $"{message} (at byte {offset}, element {t})" : $"{message} (at byte {offset})";
}
