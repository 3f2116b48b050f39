using System.Text.Json.Nodes;
using DicomNode.Evaluation.Plots;
using DicomNode.Imaging.IO;

namespace DicomNode.Evaluation.Tests;

/// <summary>
/// The evaluation on two phantom subjects, called as the evaluate verb calls it (dataset, subjects, report, JSON), without
/// the host. Moved from the verb's tests in DicomNode.Service.Tests (issue 25); the verb's own behaviour (exit codes, one
/// line of error) stays tested there.
/// </summary>
public sealed class SubjectEvaluationTests(EvaluationPhantoms phantoms) : IClassFixture<EvaluationPhantoms>
{
    private const string T1Series = "6_Ax_LAVA-Flex_InPhase";

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

        var (report, _) = Evaluate(prediction);

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

        var (report, built) = Evaluate(prediction);

        var failed = Assert.Single(built.Subjects.Failed);
        Assert.Equal(("phantom-0003", "analysis failed: no DWI series"), (failed.Subject, failed.Reason));
        Assert.Equal(1, report["subjects"]!["evaluated"]!.GetValue<int>());
        var m = report["patientLevel"]!.AsArray().Single(r => r!["stage"]!.GetValue<string>() == "M")!;
        Assert.Equal(1, m["falseNegatives"]!.GetValue<int>());
        Assert.Equal(0.0, m["sensitivity"]!.GetValue<double>());
        Assert.Equal(0.0, m["kappa"]!.GetValue<double>());
    }

    [Fact]
    public void Open_MissingPredictionFolder_NamesIt()
    {
        var missing = Path.Combine(phantoms.Root, "no-such-folder");

        var error = Assert.Throws<EvaluationInputException>(() => EvaluationDataset.Open(phantoms.Truth, missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    /// <summary><c>dicomnode evaluate --replot</c>: the pairs read back from evaluation.json are the evaluation's own, so the plot is the same picture.</summary>
    [Fact]
    public void Replot_OfTheSavedJson_HasTheEvaluationsPairs_AndDrawsTheSamePicture()
    {
        var prediction = phantoms.PerfectPrediction("replot");
        var path = Path.Combine(prediction, phantoms.Subjects[1], "labels", T1Series + ".nii");
        var labels = NiftiLabels.Read(path);
        // A smaller ilium: points off the zero line.
        var ilium = Enumerable.Range(0, labels.Labels.Length).Where(v => labels.Labels[v] == 3).ToList();
        foreach (var v in ilium.Take(ilium.Count / 3))
        {
            labels.Labels[v] = 0;
        }

        NiftiLabels.Write(path, labels);
        var dataset = EvaluationDataset.Open(phantoms.Truth, prediction);
        var subjects = dataset.Subjects.Select(SubjectEvaluator.Evaluate).ToList();
        var json = Path.Combine(prediction, "evaluation.json");
        EvaluationJson.Write(json, ReportBuilder.Build(dataset, subjects));

        var (bones, metastases, nodes) = SavedEvaluation.VolumePairs(json);

        Assert.Equal(ReportBuilder.Pairs(subjects, ReportBuilder.BoneVolumes), bones);
        Assert.Equal(ReportBuilder.Pairs(subjects, ReportBuilder.MetastasisVolumes), metastases);
        Assert.Equal(ReportBuilder.Pairs(subjects, ReportBuilder.NodeVolumes), nodes);
        Assert.NotEmpty(metastases);
        Assert.NotEmpty(nodes);
        Assert.Contains(bones, b => b.PredictedCm3 < b.TruthCm3);
        Assert.Equal(BlandAltmanPlot.Render(AgreementPlot.Panels(subjects)), BlandAltmanPlot.Render(AgreementPlot.Panels(bones, metastases, nodes)));
    }

    [Fact]
    public void Replot_OfAFileThatIsNoEvaluation_SaysSo()
    {
        var path = Path.Combine(phantoms.Root, "not-an-evaluation.json");
        File.WriteAllText(path, """{ "status": "complete" }""");

        var refused = Assert.Throws<EvaluationInputException>(() => SavedEvaluation.VolumePairs(path));

        Assert.Contains("no \"perSubject\" detail", refused.Message, StringComparison.Ordinal);
    }

    private (JsonNode Json, EvaluationReport Report) Evaluate(string prediction)
    {
        var dataset = EvaluationDataset.Open(phantoms.Truth, prediction);
        var subjects = dataset.Subjects.Select(SubjectEvaluator.Evaluate).ToList();
        var report = ReportBuilder.Build(dataset, subjects);
        var json = Path.Combine(prediction, "evaluation.json");
        EvaluationJson.Write(json, report);
        return (JsonNode.Parse(File.ReadAllText(json))!, report);
    }
}
