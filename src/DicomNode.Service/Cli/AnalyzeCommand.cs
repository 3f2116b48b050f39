using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DicomNode.Analysis.Findings;
using DicomNode.Inference;
using DicomNode.Service.Analysis;
using DicomNode.Service.Configuration;
using DicomNode.Workflow.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Extensions.Logging;
using Spectre.Console;
using ILogger = Microsoft.Extensions.Logging.ILogger;

namespace DicomNode.Service.Cli;

/// <summary>
/// <c>dicomnode analyze STUDY_DIR --out DIR [--config FILE]</c>: the node's pipeline on a folder, without the network —
/// selection, volumes, the model cascade, findings, the SEGs and the SR — and a summary. Exit code 0 when the study was
/// analysed (fully or with a partial protocol, whose missing sequences it prints), 1 when it could not be (the report
/// saying why is written all the same, and one line on stderr; the details go to analyze.log in the output folder),
/// 2 for bad arguments.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var study = new Argument<DirectoryInfo>("STUDY_DIR") { Description = "Folder with the study's DICOM files (searched recursively)." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder: the SEGs, the SR, findings.json and labels/.", Required = true };
        var config = new Option<FileInfo?>("--config") { Description = "Node configuration (models, thresholds, AE title); the defaults otherwise." };
        var command = new Command("analyze", "Analyse one study folder as the node would, without the network, and print the findings.")
        {
            study, output, config,
        };
        command.SetAction((result, cancellationToken) => CliErrors.RunAsync(async () =>
        {
            DirectoryInfo folder = result.GetValue(study)!;
            if (!folder.Exists)
            {
                Console.Error.WriteLine($"error: study folder '{folder.FullName}' does not exist.");
                return CliErrors.BadInput;
            }

            NodeSettings settings = LoadSettings(result.GetValue(config)?.FullName);
            string[] files = Directory.GetFiles(folder.FullName, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetFileName(f).StartsWith('.'))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (files.Length == 0)
            {
                Console.Error.WriteLine($"error: no files in '{folder.FullName}'.");
                return CliErrors.BadInput;
            }

            string outputFolder = result.GetValue(output)!.FullName;
            Directory.CreateDirectory(outputFolder);

            // The full story of anything that goes wrong goes to analyze.log in the output folder; the console gets one line.
            using var logging = new SerilogLoggerFactory(
                new LoggerConfiguration().MinimumLevel.Information().WriteTo.File(Path.Combine(outputFolder, LogFileName)).CreateLogger(),
                dispose: true);
            ILogger logger = logging.CreateLogger("DicomNode.Analyze");
            try
            {
                using var sessions = new InferenceSessionCache();
                StudyPipeline pipeline = AnalysisComposition.Create(settings, sessions, logger);
                StudyPipelineResult? run = null;
                var clock = Stopwatch.StartNew();
                await ProgressDisplay.RunAsync($"Analysing {files.Length} files", 1, async step =>
                {
                    run = await pipeline.RunAsync(files, outputFolder, cancellationToken).ConfigureAwait(false);
                    step("analysed");
                }).ConfigureAwait(false);

                Print(run!, outputFolder, clock.Elapsed);
                return run!.FailureReason is null ? CliErrors.Ok : CliErrors.Failed;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The pipeline reports its own failures; this is what broke around it (the models' setup, the console).
                string reason = StudyPipeline.UnexpectedReason(e);
                AnalyzeLog.Failed(logger, e, reason);
                Console.Error.WriteLine($"error: {reason} (details in {Path.Combine(outputFolder, LogFileName)})");
                return CliErrors.Failed;
            }
        }));
        return command;
    }

    /// <summary>The log <c>analyze</c> writes in its output folder.</summary>
    public const string LogFileName = "analyze.log";

    private static NodeSettings LoadSettings(string? configFile)
    {
        IConfigurationRoot configuration = new ConfigurationBuilder().AddNodeSources(configFile).Build();
        var settings = new NodeSettings();
        configuration.Bind(settings);
        if (settings.Models.ManifestProblem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        return settings;
    }

    private static void Print(StudyPipelineResult run, string outputFolder, TimeSpan elapsed)
    {
        if (run.Selection is { } selection)
        {
            foreach (string line in StudyPipeline.Explain(selection))
            {
                Console.WriteLine(line);
            }
        }

        if (run.FailureReason is { } reason)
        {
            Console.Error.WriteLine($"not analysed: {reason}");
            Console.WriteLine($"a report saying so was written: {string.Join(", ", run.Files.Select(Path.GetFileName))}");
            return;
        }

        StudyFindings findings = run.Findings!;
        Console.WriteLine(run.Summary);
        if (run.Coverage is { IsFull: false } coverage)
        {
            Console.WriteLine($"missing: {string.Join(", ", coverage.Missing.Select(ProtocolCoverage.Name))}");
            foreach (string limitation in coverage.Limitations)
            {
                Console.WriteLine($"  {limitation}");
            }
        }

        var series = new Table().AddColumns("series", "bones", "metastases (cm³, site)", "nodes (short axis mm)");
        foreach (SeriesFindings s in findings.Series)
        {
            series.AddRow(
                FindingsFiles.SequenceName(s.Sequence),
                s.Bones.Count.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", s.Metastases.Select(m => string.Create(CultureInfo.InvariantCulture,
                    $"{m.VolumeCm3:0.00} {FindingsFiles.SideName(m.Side)} {FindingsFiles.BoneName(m.Bone)}")))),
                Markup.Escape(string.Join(", ", s.Nodes.Select(n => string.Create(CultureInfo.InvariantCulture,
                    $"{n.ShortAxisMm:0.0}{(n.Suspicious ? " suspicious" : string.Empty)}")))));
        }

        TableOutput.Write(series);
        string timings = run.Cascade is { } cascade
            ? string.Create(CultureInfo.InvariantCulture, $"; cascade {cascade.Elapsed.TotalSeconds:0.0} s (inference {cascade.Timings.Infer.TotalSeconds:0.0} s)")
            : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run.Files.Count} DICOM object(s) in {outputFolder}; {elapsed.TotalSeconds:0.0} s{timings}"));
    }
}

internal static partial class AnalyzeLog
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Error, Message = "analyze broke off: {Reason}")]
    public static partial void Failed(ILogger logger, Exception exception, string reason);
}
