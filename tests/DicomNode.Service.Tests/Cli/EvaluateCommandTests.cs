using System.Text.Json.Nodes;
using DicomNode.Imaging.IO;

namespace DicomNode.Service.Tests.Cli;

/// <summary>The evaluate verb on two phantom subjects, run in-process as a user would run it.</summary>
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
    public void Evaluate_ErasedBoneLabel_HalvesThatBonesMeanDiceOnThatSequenceOnly()
    {
        var prediction = phantoms.PerfectPrediction("erased");
        var path = Path.Combine(prediction, phantoms.Subjects[1], "labels", T1Series + ".nii");
        var labels = NiftiLabels.Read(path);
        int erased = 0;
        for (int v = 0; v < labels.Labels.Length; v++)
        {
            if (labels.Labels[v] == 3)
            {
                labels.Labels[v] = 0;
                erased++;
            }
        }

        Assert.True(erased > 1000);
        NiftiLabels.Write(path, labels);
        var json = Path.Combine(phantoms.Root, "erased.json");
        var plot = Path.Combine(phantoms.Root, "erased.png");

        var (code, _, error) = CliRunner.Run("evaluate", "--truth", phantoms.Truth, "--pred", prediction, "--json", json, "--plot", plot);

        Assert.True(code == 0, error);
        Assert.True(File.Exists(plot));
        var report = JsonNode.Parse(File.ReadAllText(json))!;
        var t1 = report["bones"]!["T1IP"]!;
        var ilium = t1["labels"]!.AsArray().Single(r => r!["label"]!.GetValue<int>() == 3)!;
        // One subject's ilium is gone (DSC 0, VS 0, no Hausdorff distance), the other's is perfect.
        Assert.Equal(0.5, ilium["dsc"]!["mean"]!.GetValue<double>(), 12);
        Assert.Equal(0.5, ilium["vs"]!["mean"]!.GetValue<double>(), 12);
        Assert.Equal(1, ilium["hausdorffMm"]!["undefined"]!.GetValue<int>());
        Assert.Equal(1, ilium["hausdorffMm"]!["count"]!.GetValue<int>());
        Assert.All(t1["labels"]!.AsArray().Where(r => r!["label"]!.GetValue<int>() != 3), r => Assert.Equal(1.0, r!["dsc"]!["mean"]!.GetValue<double>()));
        // The mean of the 8 labels: 7/8 for the damaged series, 1 for the other.
        Assert.Equal((1 + (7.0 / 8)) / 2, t1["meanOfLabels"]!["dsc"]!["mean"]!.GetValue<double>(), 12);
        Assert.Equal(1.0, report["bones"]!["DWI"]!["meanOfLabels"]!["dsc"]!["mean"]!.GetValue<double>());
        var agreement = report["blandAltman"]!.AsArray().Single(r => r!["measure"]!.GetValue<string>() == "bone volumes" && r["sequence"]!.GetValue<string>() == "T1IP")!;
        Assert.True(agreement["bias"]!.GetValue<double>() < 0);
    }

    [Fact]
    public void Evaluate_FailedSubject_IsListedAndStagedNegative()
    {
        var prediction = phantoms.PerfectPrediction("failed");
        File.WriteAllText(Path.Combine(prediction, phantoms.Subjects[1], "findings.json"), """{ "status": "failed", "reason": "no DWI series" }""");

        var (code, output, error) = CliRunner.Run("evaluate", "--truth", phantoms.Truth, "--pred", prediction);

        Assert.True(code == 0, error);
        Assert.Contains("failed: phantom-0003: analysis failed: no DWI series", output, StringComparison.Ordinal);
        var report = ReadReport(prediction);
        Assert.Equal(1, report["subjects"]!["evaluated"]!.GetValue<int>());
        var m = report["patientLevel"]!.AsArray().Single(r => r!["stage"]!.GetValue<string>() == "M")!;
        Assert.Equal(1, m["falseNegatives"]!.GetValue<int>());
        Assert.Equal(0.0, m["sensitivity"]!.GetValue<double>());
        Assert.Equal(0.0, m["kappa"]!.GetValue<double>());
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
