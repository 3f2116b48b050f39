using DicomNode.Dicom.IO;
using DicomNode.Dicom.Imaging.Codecs;
using DicomNode.Dicom.Network.Services;
using DicomNode.Imaging.Tests.RealData;
using Xunit.Abstractions;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>
/// storescu offering compressed transfer syntaxes: our SCP accepts exactly those it can decode on this
/// platform and keeps what arrives as it was sent; for a syntax it cannot decode only uncompressed ones are
/// accepted, which the sender must convert to.
/// </summary>
public sealed class CompressedStoreTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("dcm_qa_ts/4.dcm", "-xr")]
    [InlineData("dcm_qa_ts/5.dcm", "-xs")]
    [InlineData("dcm_qa_ts/7.dcm", "-xt")]
    [InlineData("dcm_qa_ts/9.dcm", "-xv")]
    [InlineData("dcm_qa/axmb/AxAsc36mb2a/jpg1.dcm", "-xs")]
    [InlineData("dcm_qa/axmb/AxInt36mb/jp2k1.dcm", "-xv")]
    public async Task Storescu_CompressedSyntaxWeDecode_IsAcceptedAndStoredAsSent(string name, string option)
    {
        var path = RealDataFolder.FileOf(name);
        var sent = Part10Reader.ReadFile(path);
        Assert.True(FrameDecoderRegistry.Default.CanDecode(sent.TransferSyntax), $"{sent.TransferSyntax} has no decoder here");
        await using var scp = StorageScpFixture.Start();

        var (_, text) = await Dcmtk.StoreAsync(scp.Port, [path], [option]);
        output.WriteLine(text);

        Assert.Equal(1, Dcmtk.Count(text, Dcmtk.StoreSucceeded));
        var stored = Part10Reader.ReadFile(Assert.Single(scp.StoredFiles()));
        Assert.Equal(sent.TransferSyntax.Uid, stored.TransferSyntax.Uid);
        var sentFragments = Assert.IsType<DicomFragmentSequence>(sent.Dataset[DicomTags.PixelData]);
        var storedFragments = Assert.IsType<DicomFragmentSequence>(stored.Dataset[DicomTags.PixelData]);
        Assert.Equal(sentFragments.Fragments.Select(f => f.ToArray()), storedFragments.Fragments.Select(f => f.ToArray()));
        DatasetAssert.Equal(sent.Dataset, stored.Dataset, name);
    }

    [Fact]
    public async Task Storescu_JpegLosslessWithoutItsDecoder_IsOfferedOnlyUncompressedSyntaxes()
    {
        var path = RealDataFolder.FileOf("dcm_qa_ts/5.dcm");
        // A platform whose JPEG lossless decoder is missing (storescu can decode JPEG itself, not JPEG-LS or JPEG 2000).
        var withoutLossless = new FrameDecoderRegistry([new JpegDctDecoder(), new JpegLsDecoder(), new Jpeg2000Decoder()]);
        var syntaxes = StandardSyntaxes.BuildStorageTransferSyntaxes(withoutLossless);
        Assert.DoesNotContain(DicomTransferSyntax.JpegLosslessSV1.Uid, syntaxes);
        await using var scp = StorageScpFixture.Start(policy => policy with
        {
            SupportedAbstractSyntaxes = StandardSyntaxes.StorageScp().ToDictionary(p => p.Key, p => syntaxes),
        });

        var (_, text) = await Dcmtk.StoreAsync(scp.Port, [path], ["-xs"]);
        output.WriteLine(text);

        // We accepted only uncompressed syntaxes for the context; a PACS would convert, storescu (built without
        // codecs) says it cannot, and nothing compressed reaches the store.
        Assert.Contains("unable to convert dataset from 'JPEG Lossless", text, StringComparison.Ordinal);
        Assert.Equal(0, Dcmtk.Count(text, Dcmtk.StoreSucceeded));
        Assert.Empty(scp.StoredFiles());
    }

    [Fact]
    public void StorageTransferSyntaxes_OnThisPlatform_AreTheUncompressedOnesAndEveryDecodableOne()
    {
        string[] expected =
        [
            "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
            "1.2.840.10008.1.2.1.98", "1.2.840.10008.1.2.5",
            "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
            "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
        ];

        Assert.Equal(expected, StandardSyntaxes.StorageTransferSyntaxes);
    }
}
