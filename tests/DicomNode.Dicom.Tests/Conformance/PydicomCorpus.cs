using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// The 94 <c>.dcm</c> files Debian's python3-pydicom ships: real files from many writers, including
/// deliberately broken, raw (no meta) and oddly encoded ones. Names are relative to <see cref="Root"/>.
/// </summary>
internal static class PydicomCorpus
{
    public const string Root = "/usr/lib/python3/dist-packages/pydicom/data";

    /// <summary>Files that cannot be read, what must be reported, and where.</summary>
    public static readonly IReadOnlyDictionary<string, (long Offset, string Reason)> Broken = new Dictionary<string, (long, string)>
    {
        // The pixel data claims 8192 bytes; the file ends 62 bytes short.
        ["test_files/MR_truncated.dcm"] = (1488, "Element length 8192 exceeds the 8130 bytes that remain"),
        // Cut inside the Beam Sequence: its explicit length runs past the end of the file.
        ["test_files/rtplan_truncated.dcm"] = (1410, "Element length 976 exceeds the 711 bytes that remain"),
        // A raw data set shifted by one byte: the first "element" (0820,0500) claims 173 MB.
        ["test_files/no_meta.dcm"] = (0, "Element length 173228800 exceeds the 38863 bytes that remain"),
    };

    /// <summary>Files with no preamble, "DICM" or meta information: read with <see cref="DicomReadOptions.AllowRawDataset"/>.</summary>
    public static readonly IReadOnlySet<string> RawDatasets = new HashSet<string>
    {
        "test_files/ExplVR_BigEndNoMeta.dcm",
        "test_files/ExplVR_LitEndNoMeta.dcm",
        "test_files/rtstruct.dcm",
        "test_files/no_meta.dcm",
    };

    /// <summary>
    /// Files whose meta information names the wrong transfer syntax. SC_rgb_jpeg's meta says JPEG Baseline
    /// (explicit VR) but its data set is encoded in implicit VR; our reader reads each element as it is
    /// encoded (a VR code or not), DCMTK trusts the meta and fails. For these, the data set is cut out and
    /// given to dcmdump as a bare data set in the encoding it really has.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> MislabelledDatasets = new Dictionary<string, string>
    {
        ["test_files/SC_rgb_jpeg.dcm"] = "-ti",
    };

    public static IEnumerable<string> All() =>
        Directory.EnumerateFiles(Root, "*.dcm", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    public static TheoryData<string> Readable() => new(All().Where(name => !Broken.ContainsKey(name)));

    public static TheoryData<string> BrokenFiles() => new(Broken.Keys.Order(StringComparer.Ordinal));

    public static string PathOf(string name) => Path.Combine(Root, name);

    public static DicomReadOptions OptionsFor(string name) =>
        RawDatasets.Contains(name) ? new DicomReadOptions { AllowRawDataset = true } : DicomReadOptions.Default;
}
