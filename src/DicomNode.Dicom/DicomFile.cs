using DicomNode.Dicom.IO;

namespace DicomNode.Dicom;

/// <summary>A DICOM Part 10 file: the File Meta Information (group 0002) and the data set (PS3.10 §7).</summary>
public sealed class DicomFile
{
    public DicomFile(DicomDataset fileMetaInformation, DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        FileMetaInformation = fileMetaInformation;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
    }

    public DicomFile(DicomDataset dataset, DicomTransferSyntax transferSyntax)
        : this(new DicomDataset(), dataset, transferSyntax)
    {
    }

    public DicomDataset FileMetaInformation { get; }

    public DicomDataset Dataset { get; }

    /// <summary>The transfer syntax the data set was read in, or will be written in by default.</summary>
    public DicomTransferSyntax TransferSyntax { get; set; }

    /// <summary>False when the input had no preamble and meta information and was read as a raw data set.</summary>
    public bool HasMetaInformation { get; init; } = true;

    public static DicomFile Open(string path, DicomReadOptions? options = null) => Part10Reader.ReadFile(path, options);

    public void Save(string path, DicomTransferSyntax? transferSyntax = null) => Part10Writer.WriteFile(path, this, transferSyntax);
}
