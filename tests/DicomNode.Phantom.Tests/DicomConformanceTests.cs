using Xunit.Abstractions;
namespace DicomNode.Phantom.Tests;

public sealed class DicomConformanceTests(PhantomStudies fixture, ITestOutputHelper output) : IClassFixture<PhantomStudies>
{
    [Fact]
    public async Task Dciodvfy_ReportsNoError_OnAnyInstanceOfAnyProfile()
    {
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        var checkedFiles = 0;
        foreach (var study in fixture.Studies)
        {
            var files = Directory.EnumerateFiles(Path.Combine(study.Folder, "dicom"), "*.dcm", SearchOption.AllDirectories).ToList();
            await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (file, _) =>
            {
                var result = await ExternalTool.RunAsync("dciodvfy", file);
                foreach (var line in result.Output.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)))
                {
                    errors.Add($"{Path.GetRelativePath(fixture.Root, file)}: {line.Trim()}");
                }
            });
            output.WriteLine($"{study.Profile.Key}: {files.Count} instances checked");
            checkedFiles += files.Count;
        }

        Assert.True(checkedFiles > 500);
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(20)));
    }
}
