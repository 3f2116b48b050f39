using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference.Manifest;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>The series folders of a GE-like phantom study, and a way to make one of them unreadable.</summary>
internal static class PhantomStudies
{
    /// <summary>The folder of <paramref name="sequence"/>'s series under <paramref name="study"/>/dicom (GE profile names).</summary>
    public static string SeriesFolder(string study, SequenceKind sequence)
    {
        string marker = sequence switch
        {
            SequenceKind.Dwi => "DWI",
            SequenceKind.Adc => "ADC",
            _ => "InPhase",
        };
        return Directory.GetDirectories(Path.Combine(study, "dicom")).Single(d => Path.GetFileName(d).Contains(marker, StringComparison.Ordinal));
    }

    /// <summary>
    /// Rewrites every file of <paramref name="folder"/> as JPEG 2000 whose one fragment holds the native pixels: the
    /// headers read, the pixels do not decode.
    /// </summary>
    public static void EncapsulateAsJpeg2000(string folder)
    {
        foreach (string file in Directory.GetFiles(folder, "*.dcm"))
        {
            DicomDataset dataset = Part10Reader.ReadFile(file).Dataset;
            ReadOnlyMemory<byte> pixels = dataset.GetBytes(DicomTags.PixelData);
            dataset.Remove(DicomTags.PixelData);
            dataset.Add(new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, ReadOnlyMemory<byte>.Empty, [pixels]));
            Part10Writer.WriteFile(file, new DicomFile(dataset, DicomTransferSyntax.Jpeg2000Lossless));
        }
    }
}
