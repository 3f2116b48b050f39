using System.Text.Json.Nodes;
using DicomNode.Phantom;

namespace DicomNode.Evaluation.Tests;

/// <summary>
/// Two phantom subjects (seed 2: N0 M0; seed 3: N1 M1b with a counting and a non-counting metastasis), generated once for
/// the evaluate tests, and a way to turn their truth into a perfect prediction folder.
/// </summary>
public sealed class EvaluationPhantoms : IDisposable
{
    private static readonly Dictionary<string, string> SequenceOfContent = new(StringComparer.Ordinal)
    {
        ["Diffusion"] = "DWI",
        ["Adc"] = "ADC",
        ["T1InPhase"] = "T1IP",
    };

    public EvaluationPhantoms()
    {
        Root = Directory.CreateTempSubdirectory("dicomnode-evaluate-").FullName;
        Truth = Path.Combine(Root, "truth");
        Subjects = [Path.GetFileName(PhantomGenerator.Generate(2, "ge", Truth)), Path.GetFileName(PhantomGenerator.Generate(3, "ge", Truth))];
    }

    public string Root { get; }

    public string Truth { get; }

    public IReadOnlyList<string> Subjects { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>
    /// A prediction folder as <c>dicomnode analyze</c> would write it if it were perfect: the truth labels copied to
    /// labels/, and a findings.json (docs/findings-json.md) written from truth.json.
    /// </summary>
    public string PerfectPrediction(string name)
    {
        var root = Path.Combine(Root, name);
        foreach (var subject in Subjects)
        {
            var truthFolder = Path.Combine(Truth, subject);
            var folder = Path.Combine(root, subject);
            Directory.CreateDirectory(Path.Combine(folder, "labels"));
            var truth = JsonNode.Parse(File.ReadAllText(Path.Combine(truthFolder, "truth.json")))!;
            var counted = truth["metastases"]!.AsArray().Where(m => m!["counts"]!.GetValue<bool>()).ToList();
            var nodes = truth["lymphNodes"]!.AsArray().ToList();
            var series = new JsonArray();
            foreach (var s in truth["series"]!.AsArray())
            {
                var seriesName = Path.GetFileName(s!["folder"]!.GetValue<string>());
                var sequence = SequenceOfContent[s["content"]!.GetValue<string>()];
                File.Copy(Path.Combine(truthFolder, s["boneLabels"]!.GetValue<string>()), Path.Combine(folder, "labels", seriesName + ".nii"));
                File.Copy(Path.Combine(truthFolder, s["lesionLabels"]!.GetValue<string>()), Path.Combine(folder, "labels", seriesName + "_lesions.nii"));
                series.Add(new JsonObject
                {
                    ["sequence"] = sequence,
                    ["seriesInstanceUid"] = "2.25.1",
                    ["folder"] = seriesName,
                    ["boneLabels"] = $"labels/{seriesName}.nii",
                    ["lesionLabels"] = $"labels/{seriesName}_lesions.nii",
                    ["bones"] = new JsonArray(),
                    ["metastases"] = new JsonArray(counted.Select((m, i) => (JsonNode)new JsonObject
                    {
                        ["number"] = i + 1,
                        ["labelValue"] = m!["id"]!.GetValue<int>(),
                        ["bone"] = m["bone"]!.GetValue<string>(),
                        ["side"] = m["side"]!.GetValue<string>(),
                        ["volumeCm3"] = m["volumeCm3"]!.GetValue<double>(),
                        ["meanAdc"] = null,
                    }).ToArray()),
                    ["nodes"] = sequence != "DWI" ? new JsonArray() : new JsonArray(nodes.Select((n, i) => (JsonNode)new JsonObject
                    {
                        ["number"] = i + 1,
                        ["labelValue"] = n!["id"]!.GetValue<int>(),
                        ["volumeCm3"] = n["volumeCm3"]!.GetValue<double>(),
                        ["shortAxisMm"] = n["shortAxisMm"]!.GetValue<double>(),
                        ["longAxisMm"] = n["longAxisMm"]!.GetValue<double>(),
                        ["suspicious"] = n["suspicious"]!.GetValue<bool>(),
                    }).ToArray()),
                });
            }

            var findings = new JsonObject
            {
                ["status"] = "complete",
                ["reason"] = null,
                ["nStage"] = truth["staging"]!["n"]!.GetValue<string>(),
                ["mStage"] = truth["staging"]!["m"]!.GetValue<string>(),
                ["metastasisCount"] = counted.Count,
                ["suspiciousNodeCount"] = nodes.Count(n => n!["suspicious"]!.GetValue<bool>()),
                ["scores"] = new JsonObject
                {
                    ["m"] = counted.Select(m => m!["volumeCm3"]!.GetValue<double>()).DefaultIfEmpty(0).Max(),
                    ["n"] = nodes.Select(n => n!["shortAxisMm"]!.GetValue<double>()).DefaultIfEmpty(0).Max(),
                },
                ["series"] = series,
                ["metastases"] = new JsonArray(counted.Select((_, i) => (JsonNode)new JsonObject { ["number"] = i + 1, ["dwi"] = i + 1, ["t1ip"] = i + 1 }).ToArray()),
            };
            File.WriteAllText(Path.Combine(folder, "findings.json"), findings.ToJsonString());
        }

        return root;
    }
}
