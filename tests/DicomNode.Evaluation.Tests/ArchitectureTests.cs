using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DicomNode.Evaluation.Tests;

/// <summary>
/// docs/architecture.md against the .csproj files (issue 25): every project under src/ and tools/ references exactly the
/// projects its row names, and no library references the host or ASP.NET Core.
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Host = "DicomNode.Service";

    [Fact]
    public void ProjectReferences_MatchTheTableInArchitectureMd()
    {
        var documented = DocumentedGraph();
        var actual = ProjectFiles().ToDictionary(p => p.Name, p => ProjectReferences(p.Document));

        Assert.Equal(documented.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        var differences = documented
            .Where(d => !d.Value.SetEquals(actual[d.Key]))
            .Select(d => $"{d.Key}: document says [{string.Join(", ", d.Value.Order(StringComparer.Ordinal))}], .csproj has [{string.Join(", ", actual[d.Key].Order(StringComparer.Ordinal))}]")
            .ToList();
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Libraries_ReferenceNeitherTheHostNorAspNetCore()
    {
        var offenders = new List<string>();
        foreach (var (name, document) in ProjectFiles().Where(p => p.Name != Host))
        {
            if (ProjectReferences(document).Contains(Host))
            {
                offenders.Add($"{name} references the host {Host}");
            }

            if (document.Descendants("FrameworkReference").Any(f => ((string?)f.Attribute("Include"))?.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) == true))
            {
                offenders.Add($"{name} references ASP.NET Core");
            }

            if (document.Root?.Attribute("Sdk")?.Value.StartsWith("Microsoft.NET.Sdk.Web", StringComparison.Ordinal) == true)
            {
                offenders.Add($"{name} uses the web SDK");
            }
        }

        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void TableParser_ReadsNamesAndTheEmptyMark()
    {
        // The parser itself, on rows shaped like the document's, so that a broken parser cannot pass the graph test.
        var graph = ParseGraph("""
            | project | owns | may reference |
            |---|---|---|
            | `DicomNode.A` | a | — |
            | `DicomNode.B` (tools/) | b, with `code` inside | `DicomNode.A`, `DicomNode.C` |
            """);

        Assert.Equal(["DicomNode.A", "DicomNode.B"], graph.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(graph["DicomNode.A"]);
        Assert.Equal(["DicomNode.A", "DicomNode.C"], graph["DicomNode.B"].Order(StringComparer.Ordinal));
    }

    private static Dictionary<string, HashSet<string>> DocumentedGraph()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "architecture.md");
        return ParseGraph(File.ReadAllText(path));
    }

    /// <summary>The rows of the table whose first cell starts with a backticked project name.</summary>
    private static Dictionary<string, HashSet<string>> ParseGraph(string markdown)
    {
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in markdown.Split('\n').Select(l => l.Trim()))
        {
            var cells = line.Split('|');
            if (cells.Length < 5)
            {
                continue;
            }

            var name = ProjectName().Match(cells[1]);
            if (!name.Success || !cells[1].TrimStart().StartsWith('`'))
            {
                continue;
            }

            var references = ProjectName().Matches(cells[^2]).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);
            Assert.True(graph.TryAdd(name.Value, references), $"architecture.md names {name.Value} twice");
        }

        return graph;
    }

    private static IEnumerable<(string Name, XDocument Document)> ProjectFiles()
    {
        var root = RepositoryRoot();
        return new[] { "src", "tools" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (Path.GetFileNameWithoutExtension(p), XDocument.Load(p)));
    }

    private static HashSet<string> ProjectReferences(XDocument project) =>
        project.Descendants("ProjectReference")
            .Select(r => (string?)r.Attribute("Include") ?? "")
            .Select(include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')))
            .ToHashSet(StringComparer.Ordinal);

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DicomNode.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DicomNode.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"DicomNode(\.[A-Za-z]+)*")]
    private static partial Regex ProjectName();
}
