using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Tests.IO;

/// <summary>Regressions found by the DCMTK conformance tests, each named after the corpus file that showed it.</summary>
public sealed class RegressionFileTests
{
    /// <summary>
    /// SC_rgb_jpeg.dcm: the meta says JPEG Baseline but the data set is implicit VR, so Pixel Data has no
    /// VR on the wire. Encapsulated pixel data must come out as OB (PS3.5 §A.4), not the OW that the
    /// dictionary's "OB or OW" otherwise resolves to in implicit VR, or the writer would emit OW fragments.
    /// </summary>
    [Fact]
    public void SC_rgb_jpeg_ImplicitEncapsulatedPixelData_IsOB()
    {
        var dataset = new MemoryStream();
        var writer = new BinaryWriter(dataset);
        writer.Write((ushort)0x7FE0);
        writer.Write((ushort)0x0010);
        writer.Write(0xFFFFFFFFu);
        WriteItem(writer, []);
        WriteItem(writer, [0xFF, 0xD8, 0xFF, 0xD9]);
        writer.Write((ushort)0xFFFE);
        writer.Write((ushort)0xE0DD);
        writer.Write(0u);

        var file = Part10Reader.Read(dataset.ToArray(), new DicomReadOptions
        {
            AllowRawDataset = true,
            RawTransferSyntax = DicomTransferSyntax.ImplicitVRLittleEndian,
        });

        var pixels = Assert.IsType<DicomFragmentSequence>(file.Dataset[new DicomTag(0x7FE0, 0x0010)]);
        Assert.Equal(DicomVR.OB, pixels.VR);
        Assert.Single(pixels.Fragments);
    }

    private static void WriteItem(BinaryWriter writer, byte[] value)
    {
        writer.Write((ushort)0xFFFE);
        writer.Write((ushort)0xE000);
        writer.Write((uint)value.Length);
        writer.Write(value);
    }
}
