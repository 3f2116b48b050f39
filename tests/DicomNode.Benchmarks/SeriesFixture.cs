using DicomNode.Dicom.IO;

namespace DicomNode.Benchmarks;

/// <summary>The benchmark inputs: one MR instance and a series of them, as bytes and as files in a folder.</summary>
internal static class SeriesFixture
{
    public const int SeriesLength = 500;

    /// <summary>Writes instances 0 … <paramref name="count"/> − 1 as IM0000.dcm … into <paramref name="folder"/>; returns the bytes written.</summary>
    public static long Generate(string folder, int count = SeriesLength)
    {
        Directory.CreateDirectory(folder);
        long total = 0;
        for (var i = 0; i < count; i++)
        {
            var path = InstancePath(folder, i);
            Part10Writer.WriteFile(path, MrInstance.Create(i));
            total += new FileInfo(path).Length;
        }

        return total;
    }

    public static string InstancePath(string folder, int number) => Path.Combine(folder, $"IM{number:D4}.dcm");

    public static byte[] Encode(int number)
    {
        using var stream = new MemoryStream();
        Part10Writer.Write(stream, MrInstance.Create(number));
        return stream.ToArray();
    }

    /// <summary>Encoded sizes, computed where the summary is printed (the host process, not the benchmark's).</summary>
    public static readonly Lazy<(long Instance, long Series)> Sizes = new(() =>
    {
        long series = 0;
        for (var i = 0; i < SeriesLength; i++)
        {
            series += Encode(i).Length;
        }

        return (Encode(0).Length, series);
    });
}
