using System.Text.Json.Nodes;
using DicomNode.Evaluation.Tests;

namespace DicomNode.Service.Tests.Cli;

/// <summary>
/// The evaluate verb on two phantom subjects, run in-process as a user would run it: its options, output, files and exit
/// codes. What the evaluation computes is tested without the host in DicomNode.Evaluation.Tests.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class EvaluateCommandTests(EvaluationPhantoms phantoms) : IClassFixture<EvaluationPhantoms>
{
    private const string T1Series = "6_Ax_LAVA-Flex_InPhase";

    [Fact]
    public void Evaluate_TruthAsPrediction_ScoresPerfectlyAndWritesJsonAndPlot()
    {
        var prediction = phantoms.PerfectPrediction("perfect");

        var (code, output, error) = CliRunner.Run("evaluate", "--truth", phantoms.Truth, "--pred", prediction);

        Assert.True(code == 0, error);
        Assert.Contains("Bone segmentation, T1IP", output, StringComparison.Ordinal);
        Assert.Contains("[2/2] phantom-0003", output, StringComparison.Ordinal);
        var report = ReadReport(prediction);
        Assert.Equal(2, report["subjects"]!["evaluated"]!.GetValue<int>());
        foreach (var sequence in new[] { "DWI", "ADC", "T1IP" })
        {
            var bones = report["bones"]![sequence]!;
            Assert.All(bones["labels"]!.AsArray(), row => Assert.Equal(1.0, row!["dsc"]!["mean"]!.GetValue<double>()));
            Assert.Equal(1.0, bones["meanOfLabels"]!["dsc"]!["mean"]!.GetValue<double>());
            Assert.Equal(0.0, bones["meanOfLabels"]!["hausdorff95Mm"]!["mean"]!.GetValue<double>());
        }

        var all = report["metastases"]!.AsArray().Where(r => r!["subgroup"]!.GetValue<string>() == "all").ToList();
        Assert.Equal(["DWI", "ADC", "T1IP", "DWI or T1IP"], all.Select(r => r!["sequence"]!.GetValue<string>()));
        Assert.All(all, r => Assert.Equal(1.0, r!["f1"]!.GetValue<double>()));
        // Seed 3's metastasis 1 (0.13 cm³) does not count: the copy of it is ignored, not a false positive.
        Assert.All(all, r => Assert.Equal(0, r!["falsePositives"]!.GetValue<int>()));
        Assert.All(report["lymphNodes"]!.AsArray(), r => Assert.Equal(1.0, r!["f1"]!.GetValue<double>()));
        foreach (var stage in report["patientLevel"]!.AsArray())
        {
            Assert.Equal(1.0, stage!["kappa"]!.GetValue<double>());
            Assert.Equal(1.0, stage["auc"]!.GetValue<double>());
            Assert.Equal(1.0, stage["sensitivity"]!.GetValue<double>());
            Assert.Equal(1.0, stage["specificity"]!.GetValue<double>());
        }

        var bonesAgreement = report["blandAltman"]!.AsArray().First(r => r!["measure"]!.GetValue<string>() == "bone volumes");
        Assert.Equal(0.0, bonesAgreement!["bias"]!.GetValue<double>());
        var png = File.ReadAllBytes(Path.Combine(prediction, "bland-altman.png"));
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
    }

    [Fact]
    public void Evaluate_EverySubjectFailed_ExitsOneWithOneLineSaying()
    {
        var prediction = phantoms.PerfectPrediction("all-failed");
        foreach (var subject in phantoms.Subjects)
        {
            File.WriteAllText(Path.Combine(prediction, subject, "findings.json"), """{ "status": "failed", "reason": "no DWI series" }""");
        }

        var (code, _, error) = CliRunner.Run("evaluate", "--truth", phantoms.Truth, "--pred", prediction);

        Assert.Equal(1, code);
        Assert.Contains($"every one of the {phantoms.Subjects.Count} subject(s)", Assert.Single(error.TrimEnd().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingFolderOrBrokenFile_SaysWhichPath()
    {
        var missing = Path.Combine(phantoms.Root, "no-such-folder");
        var (code, _, error) = CliRunner.Run("evaluate", "--truth", phantoms.Truth, "--pred", missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, error, StringComparison.Ordinal);

        var prediction = phantoms.PerfectPrediction("broken");
        var broken = Path.Combine(prediction, phantoms.Subjects[0], "labels", T1Series + "_lesions.nii");
        File.WriteAllBytes(broken, [1, 2, 3]);
        (code, _, error) = CliRunner.Run("evaluate", "--truth", phantoms.Truth, "--pred", prediction);
        Assert.Equal(2, code);
        Assert.Contains(broken, error, StringComparison.Ordinal);
    }

    private static JsonNode ReadReport(string prediction) => JsonNode.Parse(File.ReadAllText(Path.Combine(prediction, "evaluation.json")))!;
}
