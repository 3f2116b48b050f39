using JpegLibrary;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// JPEG Baseline (Process 1, 1.2.840.10008.1.2.4.50) and Extended (Processes 2 and 4, 1.2.840.10008.1.2.4.51),
/// 8 and 12 bits, decoded by JpegLibrary. A YBR_FULL_422 or YBR_FULL frame holds YCbCr components
/// (PS3.5 §8.2.1); they are converted to RGB here, so the frame comes out as RGB.
/// </summary>
public sealed class JpegDctDecoder : IFrameDecoder
{
    public string Name => "JpegLibrary 0.4.32";

    public IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; } =
        [DicomTransferSyntax.JpegBaseline8Bit, DicomTransferSyntax.JpegExtended12Bit];

    public bool IsAvailable => true;

    /// <summary>Whether a frame in <paramref name="photometricInterpretation"/> comes out of this decoder as RGB.</summary>
    public static bool ConvertsToRgb(int samplesPerPixel, string photometricInterpretation) =>
        samplesPerPixel == 3 && photometricInterpretation is "YBR_FULL_422" or "YBR_FULL";

    public void Decode(ReadOnlySpan<byte> encoded, FrameLayout layout, Span<byte> output)
    {
        var decoder = new JpegDecoder();
        // JpegLibrary reads from memory it may keep; the frame is copied once so the caller's span can go.
        decoder.SetInput(encoded.ToArray());
        int[] components;
        try
        {
            decoder.Identify();
            if (decoder.Width != layout.Columns || decoder.Height != layout.Rows || decoder.NumberOfComponents != layout.SamplesPerPixel)
            {
                throw layout.Bad(
                    $"the JPEG frame is {decoder.Width} × {decoder.Height} with {decoder.NumberOfComponents} component(s); the data set says {layout.Columns} × {layout.Rows} with {layout.SamplesPerPixel}");
            }

            if (decoder.Precision > layout.BitsAllocated)
            {
                throw layout.Bad($"JPEG sample precision {decoder.Precision} exceeds Bits Allocated {layout.BitsAllocated}");
            }

            components = new int[layout.Rows * layout.Columns * layout.SamplesPerPixel];
            decoder.SetOutputWriter(new JpegBlockSink(components, layout.Columns, layout.Rows, layout.SamplesPerPixel));
            decoder.Decode();
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IndexOutOfRangeException or ArgumentException or InvalidOperationException)
        {
            throw layout.Bad($"malformed or unsupported JPEG codestream: {e.Message}");
        }

        var samples = new NativeSamples(layout);
        if (ConvertsToRgb(layout.SamplesPerPixel, layout.PhotometricInterpretation))
        {
            var maximum = (1 << decoder.Precision) - 1;
            var half = 1 << (decoder.Precision - 1);
            for (var i = 0; i < components.Length; i += 3)
            {
                // PS3.3 §C.7.6.3.1.2, YBR_FULL: the inverse of the JFIF/ITU-R BT.601 full-range transform.
                double y = components[i];
                double cb = components[i + 1] - half;
                double cr = components[i + 2] - half;
                samples.Write(output, i, Clamp(y + (1.402 * cr), maximum));
                samples.Write(output, i + 1, Clamp(y - (0.344136 * cb) - (0.714136 * cr), maximum));
                samples.Write(output, i + 2, Clamp(y + (1.772 * cb), maximum));
            }

            return;
        }

        // JpegLibrary leaves the inverse DCT's output unclamped; T.81 §A.3.1 limits it to 0 … 2^P − 1.
        var top = (1 << decoder.Precision) - 1;
        for (var i = 0; i < components.Length; i++)
        {
            samples.Write(output, i, Math.Clamp(components[i], 0, top));
        }
    }

    private static int Clamp(double value, int maximum) => Math.Clamp((int)Math.Round(value, MidpointRounding.AwayFromZero), 0, maximum);
}
