using System.Text.Json;

namespace DicomNode.Reporting.Tests;

/// <summary>Runs Scripts/check_seg.py on a SEG with the expected voxels of each segment.</summary>
internal static class SegCheck
{
    public sealed record Segment(int Expected, double Derivation, double Position);

    public sealed record Result(int Frames, IReadOnlyDictionary<int, Segment> Segments, IReadOnlyList<string> Problems);

    public static async Task<Result> RunAsync(
        string segPath, Reporting.Inputs.SourceSeries source, string? sourceFolder, IReadOnlyList<(int Number, int[] Voxels)> expected)
    {
        var g = source.Geometry;
        var jsonPath = segPath + ".expected.json";
        var binPath = segPath + ".expected.bin";
        var positions = Enumerable.Range(0, g.Slices).Select(k => g.ToPatient(0, 0, k)).Select(p => new[] { p.X, p.Y, p.Z }).ToArray();
        await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(new
        {
            columns = g.Columns,
            rows = g.Rows,
            slices = g.Slices,
            sourceUids = source.SliceInstanceUids,
            sourceDir = sourceFolder,
            sourcePositions = positions,
        }));
        using (var stream = File.Create(binPath))
        using (var writer = new BinaryWriter(stream))
        {
            foreach (var (number, voxels) in expected)
            {
                writer.Write(number);
                writer.Write(voxels.Length);
                foreach (var v in voxels)
                {
                    writer.Write(v);
                }
            }
        }

        var run = await PeerTools.RunAsync(PeerTools.Python, PeerTools.Script("check_seg.py"), segPath, jsonPath, binPath);
        Assert.True(run.ExitCode == 0, run.Output);
        using var document = JsonDocument.Parse(run.Output.Split('\n').Last(l => l.StartsWith('{')));
        var root = document.RootElement;
        var segments = root.GetProperty("segments").EnumerateObject().ToDictionary(
            p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture),
            p => new Segment(p.Value.GetProperty("expected").GetInt32(), p.Value.GetProperty("derivation").GetDouble(), p.Value.GetProperty("position").GetDouble()));
        return new Result(root.GetProperty("frames").GetInt32(), segments, root.GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList());
    }
}
