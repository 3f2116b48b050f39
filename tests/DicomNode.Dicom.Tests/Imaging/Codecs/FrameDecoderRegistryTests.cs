using DicomNode.Dicom.Imaging;
using DicomNode.Dicom.Imaging.Codecs;
using DicomNode.Imaging.Tests.RealData;

namespace DicomNode.Dicom.Tests.Imaging.Codecs;

public sealed class FrameDecoderRegistryTests
{
    [Fact]
    public void Default_OnThisLinuxWithLibcharlsAndLibopenjp2_DecodesEveryJpegFamilySyntax()
    {
        var registry = FrameDecoderRegistry.Default;

        Assert.All(registry.Decoders, d => Assert.True(d.IsAvailable, $"{d.Name} is unavailable"));
        string[] expected =
        [
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
            "1.2.840.10008.1.2.5",
        ];
        Assert.All(expected, uid => Assert.True(registry.CanDecode(DicomTransferSyntax.Parse(uid)), uid));
        Assert.False(registry.CanDecode(DicomTransferSyntax.Parse("1.2.840.10008.1.2.4.201")));
    }

    [Fact]
    public void UnavailableDecoder_LeavesItsSyntaxUndecodable_AndFramesRaiseUnsupported()
    {
        var registry = new FrameDecoderRegistry([new AbsentLibraryDecoder()]);
        var file = DicomFile.Open(RealDataFolder.FileOf("dcm_qa_ts/7.dcm"));

        var pixels = new DicomPixelData(file.Dataset, file.TransferSyntax, registry);

        Assert.False(registry.CanDecode(DicomTransferSyntax.JpegLSLossless));
        Assert.False(pixels.CanDecode);
        var error = Assert.Throws<DicomUnsupportedTransferSyntaxException>(() => pixels.GetFrame(0));
        Assert.Equal(DicomTransferSyntax.JpegLSLossless, error.TransferSyntax);
        Assert.True(registry.CanDecode(DicomTransferSyntax.RleLossless));
    }

    [Fact]
    public void NativeLibraryMissing_ReportsUnavailableWithoutThrowing()
    {
        Assert.False(NativeCodecLibraries.IsPresent(NativeCodecLibraries.CharLS, "no_such_entry_point"));
    }

    [Fact]
    public void JpegLosslessFrameSplitOverFragments_WithEmptyOffsetTable_IsJoined()
    {
        var file = DicomFile.Open(RealDataFolder.FileOf("dcm_qa_ts/5.dcm"));
        var whole = Assert.IsType<DicomFragmentSequence>(file.Dataset[DicomTags.PixelData]);
        var bytes = Assert.Single(whole.Fragments);
        var split = new[] { bytes[..1000], bytes[1000..50_000], bytes[50_000..] };
        file.Dataset.AddOrUpdate(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, split));

        var pixels = new DicomPixelData(file);

        Assert.Equal(new DicomPixelData(DicomFile.Open(RealDataFolder.FileOf("dcm_qa_ts/1.dcm"))).GetFrame(0).ToArray(), pixels.GetFrame(0).ToArray());
    }

    private sealed class AbsentLibraryDecoder : IFrameDecoder
    {
        public string Name => "a decoder whose library is absent";

        public IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; } = [DicomTransferSyntax.JpegLSLossless];

        public bool IsAvailable => false;

        public void Decode(ReadOnlySpan<byte> encoded, FrameLayout layout, Span<byte> output) =>
            throw new InvalidOperationException("an unavailable decoder was asked to decode");
    }
}
