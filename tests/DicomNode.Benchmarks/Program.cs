using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomNode.Benchmarks;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference;

// --generate DIR [COUNT]   write the MR series (500 instances by default) into DIR
// --read-series DIR [--dump]   read every *.dcm in DIR in this one process and print the time, for
//                              compare-dcmtk.sh; --dump also formats every element, as dcmdump does
// --decode-series DIR      read every *.dcm in DIR and decode all its frames to native bytes in this one
//                          process, and print the time, for compare-dcmdjpeg.sh
// --cascade MODEL [D H W [RUNS]]   time the model cascade on CPU with MODEL (the reference U-Net) on a
//                                  D×H×W grid (64×128×128 by default), for the issue 6 figures
// --phantom-cascade [--models REPO] [--paper DIR] [--provider P] [--runs N] [--threads N] [--concurrent-runs N]   issue 21: the cascade on a phantom
//                          study, ms per model and stage, demonstration models and (with --paper, the folder
//                          export_benchmark_unet.py wrote) the paper-size U-Net whole-volume and by sliding window;
//                          --compare-only: only the paper-size model's sliding window against its whole volume;
//                          --concurrent-runs: model runs at once (1 by default, 0 automatic as the node)
// --window-rss DIR D H W [--provider P] [--overlap F]   peak RSS of the paper-size model by sliding window on D×H×W
// anything else            BenchmarkDotNet's switcher (e.g. --filter '*' --job short)
if (args is ["--generate", var target, ..])
{
    var count = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : SeriesFixture.SeriesLength;
    var bytes = SeriesFixture.Generate(target, count);
    Console.WriteLine($"{count} instances, {bytes} bytes in {target}");
    return 0;
}

if (args is ["--read-series", var source, ..])
{
    var dump = args.Contains("--dump");
    var clock = Stopwatch.StartNew();
    var files = Directory.GetFiles(source, "*.dcm");
    Array.Sort(files, StringComparer.Ordinal);
    long bytes = 0;
    long elements = 0;
    var dumper = new DicomDumper(TextWriter.Null);
    foreach (var path in files)
    {
        var file = Part10Reader.ReadFile(path);
        bytes += new FileInfo(path).Length;
        elements += file.Dataset.Count;
        if (dump)
        {
            dumper.Dump(file);
        }
    }

    clock.Stop();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{files.Length} files, {bytes} bytes, {elements} top-level elements in {clock.Elapsed.TotalSeconds:F4} s ({(dump ? "read and dumped" : "read")})"));
    return 0;
}

if (args is ["--decode-series", var compressed, ..])
{
    var clock = Stopwatch.StartNew();
    var files = Directory.GetFiles(compressed, "*.dcm");
    Array.Sort(files, StringComparer.Ordinal);
    long decoded = 0;
    foreach (var path in files)
    {
        var pixels = new DicomNode.Dicom.Imaging.DicomPixelData(Part10Reader.ReadFile(path));
        for (var frame = 0; frame < pixels.NumberOfFrames; frame++)
        {
            decoded += pixels.GetFrame(frame).Length;
        }
    }

    clock.Stop();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{files.Length} files decoded to {decoded} native bytes in {clock.Elapsed.TotalSeconds:F4} s"));
    return 0;
}

if (args is ["--phantom-cascade", ..])
{
    string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    string repository = Option("--models") ?? FindRepository();
    ExecutionProvider provider = Enum.Parse<ExecutionProvider>(Option("--provider") ?? "cpu", ignoreCase: true);
    int benchRuns = int.Parse(Option("--runs") ?? "1", CultureInfo.InvariantCulture);
    int threads = int.Parse(Option("--threads") ?? "0", CultureInfo.InvariantCulture);
    int concurrentRuns = int.Parse(Option("--concurrent-runs") ?? "1", CultureInfo.InvariantCulture);
    return PhantomCascadeBenchmark.Run(repository, Option("--paper"), provider, benchRuns, compareOnly: args.Contains("--compare-only"), intraOpThreads: threads,
        concurrentRuns: concurrentRuns);
}

if (args is ["--window-rss", var paperFolder, var d, var h, var w, ..])
{
    string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    ExecutionProvider provider = Enum.Parse<ExecutionProvider>(Option("--provider") ?? "cpu", ignoreCase: true);
    double overlap = double.Parse(Option("--overlap") ?? "0.5", CultureInfo.InvariantCulture);
    return PhantomCascadeBenchmark.Rss(paperFolder, provider, int.Parse(d, CultureInfo.InvariantCulture),
        int.Parse(h, CultureInfo.InvariantCulture), int.Parse(w, CultureInfo.InvariantCulture), overlap);
}

if (args is ["--cascade", var model, ..])
{
    int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    return CascadeBenchmark.Run(model, Arg(2, 64), Arg(3, 128), Arg(4, 128), Arg(5, 5));
}

BenchmarkSwitcher.FromAssembly(typeof(Part10Benchmarks).Assembly).Run(args);
return 0;

// The repository root (the folder with DicomNode.sln) above the executable, for models/models.json.
static string FindRepository()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "DicomNode.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("no DicomNode.sln above the executable; give --models REPOSITORY (the folder that holds models/models.json)");
}
