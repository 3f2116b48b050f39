using BenchmarkDotNet.Attributes;
using DicomNode.Dicom;
using DicomNode.Dicom.Imaging;

namespace DicomNode.Benchmarks;

/// <summary>
/// Decoding one JPEG Lossless SV1 frame (the 384 × 384, 12-bit Siemens mosaic of ../shared/realdata/dcm_qa_ts/5.dcm)
/// with our T.81 Annex H decoder, the file already in memory.
/// </summary>
[MemoryDiagnoser]
public class JpegLosslessDecodeBenchmarks
{
    private DicomFile? _file;

    [GlobalSetup]
    public void Setup()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "DicomNode.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root?.FullName ?? ".", "..", "shared", "realdata", "dcm_qa_ts", "5.dcm");
        _file = DicomFile.Open(File.Exists(path) ? path : throw new FileNotFoundException("the shared real data are missing", path));
    }

    [Benchmark]
    public int DecodeFrame() => new DicomPixelData(_file!).GetFrame(0).Length;
}
