using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Network.Tests.Interop.StoreScp;

/// <summary>
/// The pydicom test files sent to real storage SCPs: one file per SOP Instance UID (a peer keeps or
/// overwrites duplicates, which would hide a bad copy), covering the syntaxes and IODs our client meets.
/// </summary>
internal static class StoreCorpus
{
    public const string Folder = "/usr/lib/python3/dist-packages/pydicom/data/test_files";

    /// <summary>File name and why it is in the set.</summary>
    public static readonly IReadOnlyList<(string File, string Covers)> Files = new[]
    {
        ("CT_small.dcm", "Explicit VR Little Endian image"),
        ("MR_small_bigendian.dcm", "Explicit VR Big Endian, re-encoded as Little Endian"),
        ("ExplVR_BigEnd.dcm", "Big Endian ultrasound, 8-bit colour"),
        ("rtdose.dcm", "Implicit VR Little Endian, multi-frame"),
        ("rtplan.dcm", "Implicit VR Little Endian, deep sequences"),
        ("rtstruct.dcm", "a raw data set with no file meta information"),
        ("image_dfl.dcm", "Deflated Explicit VR Little Endian, sent inflated"),
        ("JPEG2000.dcm", "JPEG 2000 fragments"),
        ("JPEG-lossy.dcm", "JPEG Extended fragments"),
        ("SC_rgb_jpeg_dcmtk.dcm", "JPEG Baseline fragments"),
        ("SC_rgb_rle.dcm", "RLE Lossless fragments"),
        ("reportsi.dcm", "Basic Text SR"),
        ("test-SR.dcm", "Comprehensive SR"),
        ("waveform_ecg.dcm", "12-lead ECG waveform"),
        ("liver_1frame.dcm", "Segmentation"),
    };

    public static bool Available => Files.All(f => File.Exists(Path.Combine(Folder, f.File)));

    public static string[] Paths() => Files.Select(f => Path.Combine(Folder, f.File)).ToArray();

    /// <summary>The originals as our reader sees them, keyed by SOP Instance UID.</summary>
    public static Dictionary<string, (string Path, DicomFile File)> Originals() =>
        Paths().Select(path => (Path: path, File: Part10Reader.ReadFile(path, new DicomReadOptions { AllowRawDataset = true })))
            .ToDictionary(o => o.File.Dataset.GetUid(DicomTags.SOPInstanceUID)!, o => (o.Path, o.File));
}
