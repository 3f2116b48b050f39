using System.Buffers.Binary;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// JPEG-LS Lossless (1.2.840.10008.1.2.4.80) and Near-Lossless (1.2.840.10008.1.2.4.81), ISO/IEC 14495-1,
/// decoded by CharLS 2 through its C API. Unavailable where the CharLS library is not installed.
/// </summary>
public sealed class JpegLsDecoder : IFrameDecoder
{
    private readonly Lazy<bool> _available = new(() => NativeCodecLibraries.IsPresent(NativeCodecLibraries.CharLS, "charls_jpegls_decoder_decode_to_buffer"));

    public string Name => "CharLS 2";

    public IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; } =
        [DicomTransferSyntax.JpegLSLossless, DicomTransferSyntax.JpegLSNearLossless];

    public bool IsAvailable => _available.Value;

    public unsafe void Decode(ReadOnlySpan<byte> encoded, FrameLayout layout, Span<byte> output)
    {
        if (!IsAvailable)
        {
            throw new DicomUnsupportedTransferSyntaxException(DicomTransferSyntax.JpegLSLossless);
        }

        var decoder = CharLSNative.DecoderCreate();
        if (decoder == 0)
        {
            throw new OutOfMemoryException("CharLS could not create a decoder");
        }

        try
        {
            fixed (byte* source = encoded)
            {
                Check(CharLSNative.SetSourceBuffer(decoder, source, (nuint)encoded.Length), layout);
                Check(CharLSNative.ReadHeader(decoder), layout);
                Check(CharLSNative.GetFrameInfo(decoder, out var info), layout);
                Check(CharLSNative.GetInterleaveMode(decoder, out var interleave), layout);
                if (info.Width != layout.Columns || info.Height != layout.Rows || info.ComponentCount != layout.SamplesPerPixel)
                {
                    throw layout.Bad(
                        $"the JPEG-LS frame is {info.Width} × {info.Height} with {info.ComponentCount} component(s); the data set says {layout.Columns} × {layout.Rows} with {layout.SamplesPerPixel}");
                }

                if (info.BitsPerSample > layout.BitsAllocated || info.BitsPerSample > 16)
                {
                    throw layout.Bad($"JPEG-LS sample precision {info.BitsPerSample} exceeds Bits Allocated {layout.BitsAllocated}");
                }

                Check(CharLSNative.GetDestinationSize(decoder, 0, out var size), layout);
                var decoded = new byte[size];
                fixed (byte* destination = decoded)
                {
                    Check(CharLSNative.DecodeToBuffer(decoder, destination, size, 0), layout);
                }

                // CharLS writes samples of 2 to 8 bits in one byte and of 9 to 16 bits in two (Little Endian on
                // Little Endian machines); a frame coded without interleaving comes out plane by plane.
                var wide = info.BitsPerSample > 8;
                var planar = interleave == CharLSNative.InterleaveMode.None && layout.SamplesPerPixel > 1;
                var samples = new NativeSamples(layout);
                var pixels = layout.Rows * layout.Columns;
                var components = layout.SamplesPerPixel;
                for (var i = 0; i < pixels * components; i++)
                {
                    var from = planar ? ((i % components) * pixels) + (i / components) : i;
                    var value = wide ? BinaryPrimitives.ReadUInt16LittleEndian(decoded.AsSpan(from * 2)) : decoded[from];
                    samples.Write(output, i, value);
                }
            }
        }
        finally
        {
            CharLSNative.DecoderDestroy(decoder);
        }
    }

    private static void Check(int error, FrameLayout layout)
    {
        if (error != 0)
        {
            throw layout.Bad($"CharLS: {CharLSNative.Describe(error)}");
        }
    }
}
