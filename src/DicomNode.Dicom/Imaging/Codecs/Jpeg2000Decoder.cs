namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// JPEG 2000 Lossless Only (1.2.840.10008.1.2.4.90) and JPEG 2000 (1.2.840.10008.1.2.4.91), ISO/IEC 15444-1,
/// decoded by OpenJPEG 2 through its C API. OpenJPEG undoes the reversible or irreversible component
/// transform, so YBR_RCT and YBR_ICT frames come out as RGB (PS3.5 §8.2.4). Unavailable where the
/// OpenJPEG library is not installed.
/// </summary>
public sealed class Jpeg2000Decoder : IFrameDecoder
{
    private readonly Lazy<bool> _available = new(() => NativeCodecLibraries.IsPresent(NativeCodecLibraries.OpenJpeg, "opj_decode"));

    public string Name => "OpenJPEG 2";

    public IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; } =
        [DicomTransferSyntax.Jpeg2000Lossless, DicomTransferSyntax.Jpeg2000];

    public bool IsAvailable => _available.Value;

    /// <summary>Whether a frame in <paramref name="photometricInterpretation"/> comes out of this decoder as RGB.</summary>
    public static bool ConvertsToRgb(string photometricInterpretation) =>
        photometricInterpretation is "YBR_RCT" or "YBR_ICT";

    public unsafe void Decode(ReadOnlySpan<byte> encoded, FrameLayout layout, Span<byte> output)
    {
        if (!IsAvailable)
        {
            throw new DicomUnsupportedTransferSyntaxException(DicomTransferSyntax.Jpeg2000);
        }

        // ISO/IEC 15444-1 §I.5.1: a JP2 file starts with the 12-byte signature box; a codestream with SOC, FF4F.
        var format = encoded.Length >= 12 && encoded[4] == 0x6A && encoded[5] == 0x50 && encoded[6] == 0x20 && encoded[7] == 0x20
            ? OpenJpegNative.CodecJP2
            : OpenJpegNative.CodecJ2K;
        var codec = OpenJpegNative.CreateDecompress(format);
        nint stream = 0;
        OpenJpegNative.Image* image = null;
        try
        {
            var parameters = stackalloc byte[OpenJpegNative.DecoderParametersSize];
            new Span<byte>(parameters, OpenJpegNative.DecoderParametersSize).Clear();
            OpenJpegNative.SetDefaultDecoderParameters(parameters);
            if (codec == 0 || OpenJpegNative.SetupDecoder(codec, parameters) == 0)
            {
                throw layout.Bad("OpenJPEG could not set up a decoder");
            }

            fixed (byte* data = encoded)
            {
                var source = new OpenJpegMemoryStream.Source { Data = data, Length = encoded.Length };
                stream = OpenJpegMemoryStream.Create(&source);
                if (stream == 0
                    || OpenJpegNative.ReadHeader(stream, codec, out image) == 0
                    || OpenJpegNative.DecodeImage(codec, stream, image) == 0
                    || OpenJpegNative.EndDecompress(codec, stream) == 0)
                {
                    throw layout.Bad("OpenJPEG could not decode the JPEG 2000 codestream");
                }
            }

            Emit(image, layout, output);
        }
        finally
        {
            if (image is not null)
            {
                OpenJpegNative.ImageDestroy(image);
            }

            if (stream != 0)
            {
                OpenJpegNative.StreamDestroy(stream);
            }

            if (codec != 0)
            {
                OpenJpegNative.DestroyCodec(codec);
            }
        }
    }

    private static unsafe void Emit(OpenJpegNative.Image* image, FrameLayout layout, Span<byte> output)
    {
        var components = layout.SamplesPerPixel;
        if (image->ComponentCount != components)
        {
            throw layout.Bad($"the JPEG 2000 image has {image->ComponentCount} component(s); the data set says {components}");
        }

        var pixels = layout.Rows * layout.Columns;
        var samples = new NativeSamples(layout);
        for (var c = 0; c < components; c++)
        {
            var component = image->Components[c];
            if (component.Width != layout.Columns || component.Height != layout.Rows || component.Data is null)
            {
                throw layout.Bad(
                    $"JPEG 2000 component {c} is {component.Width} × {component.Height}; the data set says {layout.Columns} × {layout.Rows}");
            }

            if (component.Precision > (uint)layout.BitsAllocated)
            {
                throw layout.Bad($"JPEG 2000 component precision {component.Precision} exceeds Bits Allocated {layout.BitsAllocated}");
            }

            var data = new ReadOnlySpan<int>(component.Data, pixels);
            for (var i = 0; i < pixels; i++)
            {
                samples.Write(output, (i * components) + c, data[i]);
            }
        }
    }
}
