namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// The decoders this node has and which of them work on this platform: which transfer syntaxes it can turn
/// into native pixel data. The storage SCP asks it which compressed syntaxes to accept.
/// </summary>
public sealed class FrameDecoderRegistry
{
    private static readonly Lazy<FrameDecoderRegistry> Shared = new(() => new FrameDecoderRegistry(
        [new JpegDctDecoder(), new JpegLosslessDecoder(), new JpegLsDecoder(), new Jpeg2000Decoder()]));

    private readonly Dictionary<string, IFrameDecoder> _bySyntax = new(StringComparer.Ordinal);

    public FrameDecoderRegistry(IEnumerable<IFrameDecoder> decoders)
    {
        ArgumentNullException.ThrowIfNull(decoders);
        Decoders = decoders.ToList();
        foreach (var decoder in Decoders.Where(d => d.IsAvailable))
        {
            foreach (var syntax in decoder.TransferSyntaxes)
            {
                _bySyntax.TryAdd(syntax.Uid, decoder);
            }
        }

        // Decoded inside DicomPixelData itself: native data, PS3.5 §A.4.11 and RLE Lossless (PS3.5 Annex G).
        DecodableTransferSyntaxes =
        [
            DicomTransferSyntax.ExplicitVRLittleEndian,
            DicomTransferSyntax.ImplicitVRLittleEndian,
            DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
            DicomTransferSyntax.ExplicitVRBigEndian,
            DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian,
            DicomTransferSyntax.RleLossless,
            .. Decoders.Where(d => d.IsAvailable).SelectMany(d => d.TransferSyntaxes),
        ];
    }

    /// <summary>Every decoder this build has, JpegLibrary, our own, CharLS and OpenJPEG, available or not.</summary>
    public static FrameDecoderRegistry Default => Shared.Value;

    public IReadOnlyList<IFrameDecoder> Decoders { get; }

    /// <summary>The transfer syntaxes whose pixel data become native here: the uncompressed ones, RLE, and those of each available decoder.</summary>
    public IReadOnlyList<DicomTransferSyntax> DecodableTransferSyntaxes { get; }

    public bool CanDecode(DicomTransferSyntax transferSyntax)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        return DecodableTransferSyntaxes.Any(s => s.Uid == transferSyntax.Uid);
    }

    /// <summary>The available decoder for <paramref name="transferSyntax"/>; false for native, RLE and undecodable syntaxes.</summary>
    public bool TryGetDecoder(DicomTransferSyntax transferSyntax, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IFrameDecoder? decoder)
    {
        ArgumentNullException.ThrowIfNull(transferSyntax);
        return _bySyntax.TryGetValue(transferSyntax.Uid, out decoder);
    }
}
