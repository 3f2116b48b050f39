using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>The MR, CT, Secondary Capture, SEG and SR files among pydicom's test files, as our reader classifies them.</summary>
internal static class PydicomCorpus
{
    public const string Folder = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>Files that are broken on purpose, or that storescu cannot read, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Skipped = new Dictionary<string, string>
    {
        ["MR_truncated.dcm"] = "truncated pixel data",
        ["rtplan_truncated.dcm"] = "truncated",
        ["no_meta.dcm"] = "no File Meta Information",
        ["SC_rgb_jpeg.dcm"] = "an Implicit VR data set behind a JPEG Baseline meta header: DCMTK cannot parse it",
    };

    public static IReadOnlyList<CorpusFile> StorageFiles()
    {
        var files = new List<CorpusFile>();
        foreach (var path in Directory.GetFiles(Folder, "*.dcm").Order(StringComparer.Ordinal))
        {
            if (Skipped.ContainsKey(Path.GetFileName(path)))
            {
                continue;
            }

            DicomFile file;
            try
            {
                file = Part10Reader.ReadFile(path, new DicomReadOptions { StopBeforePixelData = true });
            }
            catch (DicomFormatException)
            {
                // Raw data sets without meta information: storescu cannot send them.
                continue;
            }

            var sopClass = file.Dataset.GetUid(DicomTags.SOPClassUID);
            var sopInstance = file.Dataset.GetUid(DicomTags.SOPInstanceUID);
            if (sopClass is not null && sopInstance is not null && IsWanted(sopClass))
            {
                files.Add(new CorpusFile(path, sopClass, sopInstance, file.TransferSyntax));
            }
        }

        return files;
    }

    /// <summary>
    /// Splits <paramref name="files"/> into rounds in which no SOP Instance UID repeats: several test files
    /// are one instance in different encodings, and the SCP keeps the first copy of a duplicate.
    /// </summary>
    public static List<List<CorpusFile>> RoundsOfDistinctInstances(IEnumerable<CorpusFile> files)
    {
        var rounds = new List<List<CorpusFile>>();
        foreach (var file in files)
        {
            var round = rounds.FirstOrDefault(r => r.All(f => f.SopInstanceUid != file.SopInstanceUid));
            if (round is null)
            {
                round = new List<CorpusFile>();
                rounds.Add(round);
            }

            round.Add(file);
        }

        return rounds;
    }

    private static bool IsWanted(string sopClass) =>
        sopClass is "1.2.840.10008.5.1.4.1.1.4" or "1.2.840.10008.5.1.4.1.1.2" or "1.2.840.10008.5.1.4.1.1.66.4"
        || sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.4.", StringComparison.Ordinal)
        || sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.2.", StringComparison.Ordinal)
        || sopClass == "1.2.840.10008.5.1.4.1.1.7"
        || sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.7.", StringComparison.Ordinal)
        || sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.88.", StringComparison.Ordinal);
}

internal sealed record CorpusFile(string Path, string SopClassUid, string SopInstanceUid, DicomTransferSyntax TransferSyntax)
{
    public string Name => System.IO.Path.GetFileName(Path);
}
