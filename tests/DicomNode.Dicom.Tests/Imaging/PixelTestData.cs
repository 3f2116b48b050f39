using System.Buffers.Binary;
using System.Text;
using DicomNode.Dicom.Imaging;

namespace DicomNode.Dicom.Tests.Imaging;

/// <summary>Where pydicom's test files are, and small data sets built in memory for pixel tests.</summary>
internal static class PixelTestData
{
    // Debian's python3-pydicom ships its test corpus here; CI installs it (see make-pixel-fixture.py).
    private const string DebianCorpus = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    public static string CorpusFile(string name)
    {
        var directory = Environment.GetEnvironmentVariable("DICOMNODE_PYDICOM_TEST_FILES") ?? DebianCorpus;
        var path = Path.Combine(directory, name);
        Assert.True(File.Exists(path), $"{path} is missing: install python3-pydicom or set DICOMNODE_PYDICOM_TEST_FILES.");
        return path;
    }

    public static DicomPixelData Open(string name) => new(DicomFile.Open(CorpusFile(name)));

    public static DicomDataset Image(int rows, int columns, int samples, int bitsAllocated, int bitsStored, int highBit, int pixelRepresentation, string photometric, int frames = 1, int planar = 0)
    {
        var dataset = new DicomDataset();
        dataset.Add(US(DicomTags.SamplesPerPixel, samples));
        dataset.Add(Text(DicomTags.PhotometricInterpretation, DicomVR.CS, photometric));
        if (samples > 1)
        {
            dataset.Add(US(DicomTags.PlanarConfiguration, planar));
        }

        if (frames != 1)
        {
            dataset.Add(Text(DicomTags.NumberOfFrames, DicomVR.IS, frames.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        dataset.Add(US(DicomTags.Rows, rows));
        dataset.Add(US(DicomTags.Columns, columns));
        dataset.Add(US(DicomTags.BitsAllocated, bitsAllocated));
        dataset.Add(US(DicomTags.BitsStored, bitsStored));
        dataset.Add(US(DicomTags.HighBit, highBit));
        dataset.Add(US(DicomTags.PixelRepresentation, pixelRepresentation));
        return dataset;
    }

    public static DicomValueElement US(DicomTag tag, int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return new DicomValueElement(tag, DicomVR.US, bytes);
    }

    public static DicomValueElement Text(DicomTag tag, DicomVR vr, string value)
    {
        var text = value.Length % 2 == 0 ? value : value + " ";
        return new DicomValueElement(tag, vr, Encoding.ASCII.GetBytes(text));
    }

    public static DicomValueElement Pixels(byte[] bytes, DicomVR vr = DicomVR.OW) => new(DicomTags.PixelData, vr, bytes);

    public static DicomFragmentSequence Fragments(byte[] offsetTable, params byte[][] fragments) =>
        new(DicomTags.PixelData, DicomVR.OB, offsetTable, fragments.Select(f => (ReadOnlyMemory<byte>)f));
}
