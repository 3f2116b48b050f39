using System.Text.Json;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;
using DicomNode.Workflow.Pipeline;

namespace DicomNode.Workflow.Tests.Pipeline;

public sealed class FindingsFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-findings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Nodes_CarryTheirSideOfTheMidline_AndTheLengthsAsReported()
    {
        var geometry = new VolumeGeometry(4, 4, 2, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
        LymphNodeFinding Node(int number, Side side, double shortAxis) =>
            new(number, new Region(geometry, [number]), 0.5, shortAxis, 12.0, shortAxis > 8.0, (0, 0, 0), side);
        var series = new SeriesFindings(Sequence.Dwi, "1.2.3.4", geometry, [], [], [Node(1, Side.Right, 9.2), Node(2, Side.Left, 8.0)]);
        var findings = new StudyFindings([series], [], "N1", null, new AnalysisThresholds());

        FindingsFiles.Write(_folder, findings, new Dictionary<string, string> { ["1.2.3.4"] = "dwi" });

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "findings.json")));
        var nodes = json.RootElement.GetProperty("series")[0].GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(["right", "left"], nodes.Select(n => n.GetProperty("side").GetString()));
        Assert.Equal([9.2, 8.0], nodes.Select(n => n.GetProperty("shortAxisMm").GetDouble()));
    }
}
