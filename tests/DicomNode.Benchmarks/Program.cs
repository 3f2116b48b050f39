using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using DicomNode.Benchmarks;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;

// --generate DIR [COUNT]   write the MR series (500 instances by default) into DIR
// --read-series DIR [--dump]   read every *.dcm in DIR in this one process and print the time, for
//                              compare-dcmtk.sh; --dump also formats every element, as dcmdump does
// --decode-series DIR      read every *.dcm in DIR and decode all its frames to native bytes in this one
//                          process, and print the time, for compare-dcmdjpeg.sh
// --cascade MODEL [D H W [RUNS]]   time the model cascade on CPU with MODEL (the reference U-Net) on a
//                                  D×H×W grid (64×128×128 by default), for the issue 6 figures
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

if (args is ["--cascade", var model, ..])
{
    int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
    return CascadeBenchmark.Run(model, Arg(2, 64), Arg(3, 128), Arg(4, 128), Arg(5, 5));
}

BenchmarkSwitcher.FromAssembly(typeof(Part10Benchmarks).Assembly).Run(args);
return 0;
