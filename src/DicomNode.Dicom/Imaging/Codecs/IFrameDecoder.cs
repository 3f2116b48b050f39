namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// Decodes one frame of encapsulated pixel data (PS3.5 §A.4) to native bytes: Little Endian, color-by-pixel,
/// every sample present (no chroma subsampling), in units of Bits Allocated.
/// </summary>
public interface IFrameDecoder
{
    /// <summary>What decodes, for logs and the conformance statement: the library or our own code.</summary>
    string Name { get; }

    /// <summary>The transfer syntaxes this decoder handles.</summary>
    IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; }

    /// <summary>False when the library it needs is absent on this platform; such a decoder is never asked to decode.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Decodes <paramref name="encoded"/>, the bytes of one frame, into <paramref name="output"/>, which is
    /// exactly <see cref="FrameLayout.NativeLength"/> bytes long. Raises <see cref="DicomFormatException"/>
    /// when the codestream is malformed or does not match <paramref name="layout"/>.
    /// </summary>
    void Decode(ReadOnlySpan<byte> encoded, FrameLayout layout, Span<byte> output);
}
