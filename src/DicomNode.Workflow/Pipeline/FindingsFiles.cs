using System.Text.Json;
using System.Text.Json.Nodes;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging;
using DicomNode.Imaging.IO;
using DicomNode.Inference.Manifest;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// The analysis written for people and for <c>dicomnode evaluate</c> (docs/findings-json.md): findings.json, and per
/// analysed series labels/&lt;folder&gt;.nii (bones 1–8 after post-processing) and labels/&lt;folder&gt;_lesions.nii
/// (metastases 1–99 by their number, lymph nodes 100 + number), in the series' own geometry.
/// </summary>
public static class FindingsFiles
{
    public const string FindingsFileName = "findings.json";
    public const string LabelsFolder = "labels";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes findings.json and the label files under <paramref name="folder"/>; <paramref name="seriesFolders"/> names
    /// each series' files; <paramref name="coverage"/> gives the sequences missing and what the findings lose by them.
    /// </summary>
    public static void Write(string folder, StudyFindings findings, IReadOnlyDictionary<string, string> seriesFolders, ProtocolCoverage? coverage = null)
    {
        ArgumentNullException.ThrowIfNull(findings);
        Directory.CreateDirectory(Path.Combine(folder, LabelsFolder));
        var series = new JsonArray();
        foreach (SeriesFindings s in findings.Series)
        {
            string name = seriesFolders.TryGetValue(s.SeriesInstanceUid, out string? f) ? f : s.SeriesInstanceUid;
            var bones = new byte[s.Geometry.VoxelCount];
            foreach (BoneFinding bone in s.Bones)
            {
                foreach (int v in bone.Region.Voxels)
                {
                    bones[v] = (byte)bone.Bone;
                }
            }

            var lesions = new byte[s.Geometry.VoxelCount];
            foreach (MetastasisFinding m in s.Metastases.Where(m => m.Number <= 99))
            {
                foreach (int v in m.Region.Voxels)
                {
                    lesions[v] = (byte)m.Number;
                }
            }

            foreach (LymphNodeFinding n in s.Nodes.Where(n => n.Number <= 99))
            {
                foreach (int v in n.Region.Voxels)
                {
                    lesions[v] = (byte)(100 + n.Number);
                }
            }

            string boneFile = $"{LabelsFolder}/{name}.nii", lesionFile = $"{LabelsFolder}/{name}_lesions.nii";
            NiftiLabels.Write(Path.Combine(folder, boneFile), new LabelVolume(s.Geometry, bones), "DicomNode bones (demo models)");
            NiftiLabels.Write(Path.Combine(folder, lesionFile), new LabelVolume(s.Geometry, lesions), "DicomNode lesions (demo models)");
            series.Add(new JsonObject
            {
                ["sequence"] = SequenceName(s.Sequence),
                ["seriesInstanceUid"] = s.SeriesInstanceUid,
                ["folder"] = name,
                ["boneLabels"] = boneFile,
                ["lesionLabels"] = lesionFile,
                ["bones"] = new JsonArray(s.Bones.Select(b => (JsonNode)new JsonObject
                {
                    ["label"] = (int)b.Bone,
                    ["bone"] = BoneName(b.Bone),
                    ["side"] = SideName(b.Side),
                    ["volumeCm3"] = Round(b.VolumeCm3),
                }).ToArray()),
                ["metastases"] = new JsonArray(s.Metastases.Select(m => (JsonNode)new JsonObject
                {
                    ["number"] = m.Number,
                    ["labelValue"] = m.Number <= 99 ? m.Number : null,
                    ["bone"] = BoneName(m.Bone),
                    ["side"] = SideName(m.Side),
                    ["volumeCm3"] = Round(m.VolumeCm3),
                    ["meanAdc"] = m.MeanAdc is { } adc ? Round(adc) : null,
                }).ToArray()),
                ["nodes"] = new JsonArray(s.Nodes.Select(n => (JsonNode)new JsonObject
                {
                    ["number"] = n.Number,
                    ["labelValue"] = n.Number <= 99 ? 100 + n.Number : null,
                    ["side"] = SideName(n.Side),
                    ["volumeCm3"] = Round(n.VolumeCm3),
                    ["shortAxisMm"] = Round(n.ShortAxisMm),
                    ["longAxisMm"] = Round(n.LongAxisMm),
                    ["suspicious"] = n.Suspicious,
                }).ToArray()),
            });
        }

        var document = new JsonObject
        {
            ["notice"] = "Produced by DicomNode with its demonstration models trained on synthetic phantoms; not for clinical use.",
            ["status"] = "complete",
            ["reason"] = null,
            ["nStage"] = findings.NStage,
            ["mStage"] = findings.MStage,
            ["metastasisCount"] = findings.Metastases.Count,
            ["suspiciousNodeCount"] = findings.SuspiciousNodeCount,
            ["scores"] = new JsonObject
            {
                ["m"] = Round(findings.Metastases.Count == 0 ? 0 : findings.Metastases.Max(m => m.Primary.VolumeCm3)),
                ["n"] = Round(findings.LargestNode?.ShortAxisMm ?? 0),
            },
            ["thresholds"] = new JsonObject
            {
                ["minimumMetastasisVolumeCm3"] = findings.Thresholds.MinimumMetastasisVolumeCm3,
                ["suspiciousShortAxisMm"] = findings.Thresholds.SuspiciousShortAxisMm,
            },
            ["missingSequences"] = new JsonArray((coverage?.Missing ?? []).Select(m => (JsonNode)JsonValue.Create(m.ToManifestName())).ToArray()),
            ["limitations"] = new JsonArray((coverage?.Limitations ?? []).Select(l => (JsonNode)JsonValue.Create(l)).ToArray()),
            ["series"] = series,
            ["metastases"] = new JsonArray(findings.Metastases.Select(m => (JsonNode)new JsonObject
            {
                ["number"] = m.Number,
                ["dwi"] = m.OnDwi?.Number,
                ["t1ip"] = m.OnT1InPhase?.Number,
            }).ToArray()),
        };
        WriteJson(Path.Combine(folder, FindingsFileName), document);
    }

    /// <summary>findings.json for an analysis that could not run: status failed and the reason.</summary>
    public static void WriteFailure(string folder, string reason)
    {
        Directory.CreateDirectory(folder);
        WriteJson(Path.Combine(folder, FindingsFileName), new JsonObject
        {
            ["status"] = "failed",
            ["reason"] = reason,
            ["nStage"] = null,
            ["mStage"] = null,
            ["metastasisCount"] = 0,
            ["suspiciousNodeCount"] = 0,
            ["scores"] = new JsonObject { ["m"] = 0, ["n"] = 0 },
            ["missingSequences"] = new JsonArray(),
            ["limitations"] = new JsonArray(),
            ["series"] = new JsonArray(),
            ["metastases"] = new JsonArray(),
        });
    }

    public static string SequenceName(Sequence sequence) => sequence switch
    {
        Sequence.Dwi => "DWI",
        Sequence.Adc => "ADC",
        _ => "T1IP",
    };

    public static string BoneName(Bone bone) => bone switch
    {
        Bone.LumbarVertebra => "lumbar vertebra",
        Bone.Sacrococcyx => "sacrococcyx",
        Bone.Ilium => "ilium",
        Bone.Acetabulum => "acetabulum",
        Bone.FemoralHead => "femoral head",
        Bone.FemoralNeck => "femoral neck",
        Bone.Ischium => "ischium",
        _ => "pubis",
    };

    public static string SideName(Side side) => side switch
    {
        Side.Left => "left",
        Side.Right => "right",
        _ => "midline",
    };

    private static double Round(double value) => Math.Round(value, 4);

    private static void WriteJson(string path, JsonNode document)
    {
        string temporary = path + ".partial";
        File.WriteAllText(temporary, document.ToJsonString(Indented) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
