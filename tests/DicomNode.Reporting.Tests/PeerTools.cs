using DicomNode.Phantom.Tests;

namespace DicomNode.Reporting.Tests;

/// <summary>The real peers the tests judge the output with: dicom3tools, DCMTK and Debian's Python with pydicom.</summary>
internal static class PeerTools
{
    /// <summary>Debian's Python, which has pydicom and numpy (the python3 first on PATH is another build).</summary>
    public const string Python = "/usr/bin/python3";

    public static async Task<Verdict> DciodvfyAsync(string path)
    {
        var result = await ExternalTool.RunAsync("dciodvfy", path);
        var lines = result.Output.Split('\n').Select(l => l.Trim()).ToList();
        return new Verdict(
            lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList(),
            lines.Where(l => l.StartsWith("Warning", StringComparison.Ordinal)).ToList(),
            result.Output);
    }

    public static Task<ToolResult> RunAsync(string program, params string[] arguments) => ExternalTool.RunAsync(program, arguments);

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);
}
