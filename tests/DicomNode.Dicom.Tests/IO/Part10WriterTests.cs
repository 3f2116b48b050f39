using System.Buffers.Binary;
using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Tests.IO;

public sealed class Part10WriterTests
{
    [Fact]
    public void Write_GroupLengthCountsEveryMetaByteAfterIt()
    {
        var bytes = Write(SampleFile(), DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("DICM"u8.ToArray(), bytes[128..132]);
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(140));
        var metaEnd = 144 + (int)groupLength;
        Assert.Equal(0x0008, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(metaEnd)));
        Assert.NotEqual(0x0002, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(metaEnd - 8 - (int)0)));
    }

    [Theory]
    [InlineData("explicit")]
    [InlineData("implicit")]
    [InlineData("deflated")]
    public void Write_ThenRead_LosesNothing(string syntax)
    {
        var ts = syntax switch
        {
            "implicit" => DicomTransferSyntax.ImplicitVRLittleEndian,
            "deflated" => DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
            _ => DicomTransferSyntax.ExplicitVRLittleEndian,
        };
        var original = SampleFile();
        var copy = Part10Reader.Read(Write(original, ts));

        Assert.Equal(ts.Uid, copy.FileMetaInformation.GetUid(DicomTags.TransferSyntaxUID));
        Assert.Equal(DicomImplementation.ClassUid, copy.FileMetaInformation.GetUid(DicomTags.ImplementationClassUID));
        Assert.Equal("1.2.3.4", copy.FileMetaInformation.GetUid(DicomTags.MediaStorageSOPInstanceUID));
        AssertSameElements(original.Dataset, copy.Dataset, implicitVR: ts == DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    [Fact]
    public void Write_PadsOddValuesWithTheirVRsPaddingByte()
    {
        var file = new DicomFile(new DicomDataset().SetUid(DicomTags.SOPInstanceUID, "1.2.3").SetString(DicomTags.PatientID, "ABC"), DicomTransferSyntax.ExplicitVRLittleEndian);
        var copy = Part10Reader.Read(Write(file, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Equal("1.2.3\0"u8.ToArray(), copy.Dataset.GetBytes(DicomTags.SOPInstanceUID).ToArray());
        Assert.Equal("ABC "u8.ToArray(), copy.Dataset.GetBytes(DicomTags.PatientID).ToArray());
    }

    [Fact]
    public void Write_CompressedPixelDataInAnotherSyntax_IsRefusedNotTranscoded()
    {
        var ds = new DicomDataset();
        ds.Add(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, new ReadOnlyMemory<byte>[] { new byte[] { 0xFF, 0xD8 } }));
        var file = new DicomFile(ds, DicomTransferSyntax.JpegBaseline8Bit);
        Assert.Throws<InvalidOperationException>(() => Write(file, DicomTransferSyntax.ImplicitVRLittleEndian));

        var copy = Part10Reader.Read(Write(file, null));
        Assert.Equal(DicomTransferSyntax.JpegBaseline8Bit.Uid, copy.TransferSyntax.Uid);
        Assert.Single(Assert.IsType<DicomFragmentSequence>(copy.Dataset[DicomTags.PixelData]).Fragments);
    }

    [Fact]
    public void Write_ValueTooLongForAShortLengthField_TravelsAsUN()
    {
        var ds = new DicomDataset();
        ds.Add(new DicomValueElement(DicomTags.StudyDescription, DicomVR.LO, new byte[70000]));
        var copy = Part10Reader.Read(Write(new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian), DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Equal(DicomVR.UN, copy.Dataset[DicomTags.StudyDescription]!.VR);
        Assert.Equal(70000, copy.Dataset.GetBytes(DicomTags.StudyDescription).Length);
    }

    private static DicomFile SampleFile()
    {
        var item = new DicomDataset()
            .SetUid(DicomTags.ReferencedSOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
            .SetUid(DicomTags.ReferencedSOPInstanceUID, "1.2.3.4.5");
        var ds = new DicomDataset()
            .SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .SetStrings(DicomTags.ImageType, new[] { "ORIGINAL", "PRIMARY" })
            .SetUid(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.4")
            .SetUid(DicomTags.SOPInstanceUID, "1.2.3.4")
            .SetString(DicomTags.PatientName, "Müller^Anna")
            .SetDecimalStrings(DicomTags.PixelSpacing, 0.5, 0.5)
            .SetUInt16(DicomTags.Rows, 2)
            .SetUInt16(DicomTags.Columns, 2)
            .SetSequence(DicomTags.ReferencedImageSequence, item, new DicomDataset())
            .SetBytes(DicomTags.PixelData, DicomVR.OW, new byte[] { 1, 0, 2, 0, 3, 0, 4, 0 });
        var creator = ds.ReservePrivateTag(0x0029, "DICOMNODE TEST", 0x01);
        ds.SetBytes(creator, DicomVR.OB, new byte[] { 9, 8, 7, 6 });
        ds.Add(new DicomValueElement(new DicomTag(0x0009, 0x0002), DicomVR.UN, new byte[] { 1, 2, 3, 4 }));
        return new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    private static byte[] Write(DicomFile file, DicomTransferSyntax? ts)
    {
        using var stream = new MemoryStream();
        Part10Writer.Write(stream, file, ts);
        return stream.ToArray();
    }

    private static void AssertSameElements(DicomDataset expected, DicomDataset actual, bool implicitVR)
    {
        Assert.Equal(expected.Elements.Select(e => e.Tag), actual.Elements.Select(e => e.Tag));
        foreach (var (e, a) in expected.Elements.Zip(actual.Elements))
        {
            // Implicit VR carries no VR: private elements come back as UN (PS3.5 §A.1).
            if (!(implicitVR && e.Tag.IsPrivate && !e.Tag.IsPrivateCreator))
            {
                Assert.Equal(e.VR, a.VR);
            }

            switch (e)
            {
                case DicomSequence sq:
                    var other = Assert.IsType<DicomSequence>(a);
                    Assert.Equal(sq.Items.Count, other.Items.Count);
                    foreach (var (x, y) in sq.Items.Zip(other.Items))
                    {
                        AssertSameElements(x, y, implicitVR);
                    }

                    break;
                case DicomValueElement v:
                    var bytes = v.Bytes.ToArray();
                    var back = Assert.IsType<DicomValueElement>(a).Bytes.ToArray();
                    Assert.Equal(bytes, back[..bytes.Length]);
                    Assert.True(back.Length - bytes.Length <= 1, $"{e.Tag} grew by more than its padding");
                    break;
            }
        }
    }
}
