using System.CommandLine;
using System.Diagnostics;
using DicomNode.Evaluation;
using DicomNode.Evaluation.Plots;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode evaluate --truth DIR --pred DIR [--json FILE] [--plot FILE]</c>: compares <c>dicomnode analyze</c> results
/// with phantom ground truth using the source papers' measures, prints them as tables and writes evaluation.json and a
/// Bland–Altman PNG. <c>dicomnode evaluate --replot FILE --plot FILE</c> draws the plot of a saved evaluation.json again. The evaluation itself lives in DicomNode.Evaluation; this is the verb's wiring (options, progress,
/// tables on the terminal, exit code).
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var truth = new Option<DirectoryInfo?>("--truth") { Description = "Phantom subjects: DIR/phantom-*/truth.json and truth/*.nii." };
        var prediction = new Option<DirectoryInfo?>("--pred") { Description = "Analysis results: DIR/phantom-*/findings.json and labels/*.nii." };
        var replot = new Option<FileInfo?>("--replot")
        {
            Description = "Instead of evaluating: draw the Bland–Altman plot of an evaluation.json written before (with --plot).",
        };
        var json = new Option<FileInfo?>("--json") { Description = "Where to write the measures as JSON (default: <pred>/evaluation.json)." };
        var plot = new Option<FileInfo?>("--plot") { Description = "Where to write the Bland–Altman plot (default: <pred>/bland-altman.png)." };
        var command = new Command("evaluate", "Compare analysis results with phantom ground truth: DSC, VS, HD, HD95, lesion recall/precision/F1, patient-level sensitivity/specificity/AUC, Bland–Altman, kappa.")
        {
            truth, prediction, json, plot, replot,
        };
        command.Validators.Add(result =>
        {
            var replotting = result.GetValue(replot) is not null;
            if (replotting && (result.GetValue(truth) is not null || result.GetValue(prediction) is not null || result.GetValue(json) is not null))
            {
                result.AddError("--replot draws a saved evaluation again: give it with --plot only, not with --truth, --pred or --json.");
            }
            else if (replotting && result.GetValue(plot) is null)
            {
                result.AddError("--replot needs --plot FILE, the PNG to write.");
            }
            else if (!replotting && (result.GetValue(truth) is null || result.GetValue(prediction) is null))
            {
                result.AddError("--truth and --pred are both required (or --replot FILE --plot FILE).");
            }
        });
        command.SetAction(result => CliErrors.Run(() =>
        {
            if (result.GetValue(replot) is { } saved)
            {
                var (bones, metastases, nodes) = SavedEvaluation.VolumePairs(saved.FullName);
                var target = result.GetValue(plot)!.FullName;
                BlandAltmanPlot.Write(target, AgreementPlot.Panels(bones, metastases, nodes));
                Console.WriteLine($"Wrote {target}: {bones.Count} bone, {metastases.Count} metastasis and {nodes.Count} node volume pairs of {saved.FullName}.");
                return CliErrors.Ok;
            }

            var watch = Stopwatch.StartNew();
            var dataset = EvaluationDataset.Open(result.GetValue(truth)!.FullName, result.GetValue(prediction)!.FullName);
            var jsonPath = result.GetValue(json)?.FullName ?? Path.Combine(dataset.PredictionRoot, "evaluation.json");
            var plotPath = result.GetValue(plot)?.FullName ?? Path.Combine(dataset.PredictionRoot, "bland-altman.png");

            var subjects = new List<SubjectEvaluation>();
            ProgressDisplay.RunAsync($"Evaluating {dataset.Subjects.Count} subject(s)", dataset.Subjects.Count, step =>
            {
                foreach (var subject in dataset.Subjects)
                {
                    subjects.Add(SubjectEvaluator.Evaluate(subject));
                    step(subject.Name);
                }

                return Task.CompletedTask;
            }).GetAwaiter().GetResult();

            var report = ReportBuilder.Build(dataset, subjects);
            ReportTables.Write(report, TableOutput.Write);
            EvaluationJson.Write(jsonPath, report);
            BlandAltmanPlot.Write(plotPath, AgreementPlot.Panels(subjects));
            Console.WriteLine($"Wrote {jsonPath} and {plotPath} ({watch.Elapsed.TotalSeconds:0.0} s).");
            if (subjects.Count > 0 && subjects.All(s => s.Failed))
            {
                // Metrics over nothing but failures say nothing about the method: the run itself failed.
                Console.Error.WriteLine($"error: every one of the {subjects.Count} subject(s) in {dataset.PredictionRoot} failed ({subjects[0].FailureReason}); run analyze on them again and check its log.");
                return CliErrors.Failed;
            }

            return CliErrors.Ok;
        }));
        return command;
    }
}
