using System.Diagnostics;
using System.Runtime.CompilerServices;
using DicomNode.Analysis;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging;
using DicomNode.Imaging.Selection;
using DicomNode.Imaging.Series;
using DicomNode.Inference;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using DicomNode.Workflow.Routing;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// One study from files to results: series selection → volumes → ONNX cascade → findings and staging → SEG per
/// analysed series and one TID 1500 SR → files in the output folder. A study that lacks some of the method's sequences
/// is analysed with those it has, and the results say what is missing. When the analysis cannot run (no usable
/// sequence, a model missing or failing, a series that cannot be stacked, any unexpected error) the result is a short
/// SR that says what happened, and <see cref="StudyPipelineResult.FailureReason"/> says it too: never a silent failure. The same code
/// runs in the node's jobs and in <c>dicomnode analyze</c>.
/// </summary>
public sealed class StudyPipeline
{
    private readonly ModelManifest _manifest;
    private readonly CascadeRunner _cascade;
    private readonly StudyResultWriter _writer;
    private readonly StudyPipelineOptions _options;
    private readonly IReadOnlyList<string> _metastasisModelIds;
    private readonly AnalysisAlgorithms _algorithms;
    private readonly ILogger _logger;

    public StudyPipeline(ModelManifest manifest, InferenceSessionCache sessions, StudyResultWriter writer,
        StudyPipelineOptions? options = null, InferenceSessionOptions? inference = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(writer);
        _manifest = manifest;
        _writer = writer;
        _options = options ?? new StudyPipelineOptions();
        _logger = logger ?? NullLogger.Instance;
        _cascade = new CascadeRunner(manifest, sessions, options: inference, logger: _logger, concurrentRuns: _options.ConcurrentRuns);
        _metastasisModelIds = DeclaredMetastasisModels(manifest, _options);
        // Checked here, before any study: two metastasis models on one sequence is a configuration mistake.
        _algorithms = StudyResultWriter.Algorithms(manifest, _options);
    }

    /// <summary>How this pipeline runs: models by role, thresholds, selection rules.</summary>
    public StudyPipelineOptions Options => _options;

    /// <summary>
    /// The metastasis models of <paramref name="options"/> that the manifest declares (a site may run one model for
    /// both sequences or one per sequence); when it declares none, all of them, so that the run reports them missing.
    /// </summary>
    internal static IReadOnlyList<string> DeclaredMetastasisModels(ModelManifest manifest, StudyPipelineOptions options)
    {
        var declared = options.MetastasisModelIds.Where(id => manifest.Find(id) is not null).ToList();
        return declared.Count > 0 ? declared : options.MetastasisModelIds;
    }

    /// <summary>
    /// Analyses the study made of <paramref name="files"/> and writes the results into <paramref name="outputFolder"/>.
    /// Every part of the method that the study's sequences allow is run; what the missing ones take away is said in the
    /// SR, the SEGs and findings.json (<see cref="ProtocolCoverage"/>). A study with no usable sequence, a model that
    /// cannot run, or any error on the way ends in the short SR that says why; only cancellation is thrown.
    /// </summary>
    public Task<StudyPipelineResult> RunAsync(IReadOnlyList<string> files, string outputFolder, CancellationToken cancellationToken = default) =>
        RunAsync(files, outputFolder, resultUidSeed: null, cancellationToken);

    /// <summary>As the overload without <paramref name="resultUidSeed"/>; with a seed, the results' UIDs are derived from it (see <see cref="StudyResultWriter"/>).</summary>
    public Task<StudyPipelineResult> RunAsync(IReadOnlyList<string> files, string outputFolder, string? resultUidSeed, CancellationToken cancellationToken) =>
        RunAsync(files, outputFolder, resultUidSeed, ResultOutputs.Default, cancellationToken);

    /// <summary>As the overload without <paramref name="outputs"/>; writes the kinds of result named (the SR's SEG references are made either way).</summary>
    public async Task<StudyPipelineResult> RunAsync(IReadOnlyList<string> files, string outputFolder, string? resultUidSeed, ResultOutputs outputs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(outputFolder);
        var selection = new StrongBox<SelectionResult?>();
        try
        {
            return await AnalyseAsync(files, outputFolder, resultUidSeed, outputs, clock, selection, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown, not a failure: the job runs again at the next start.
            throw;
        }
        catch (Exception e)
        {
            // Whatever broke (a decoder, a transfer syntax, a bug), the radiologist gets a report that says so; the
            // exception with its stack goes to the log only.
            string reason = UnexpectedReason(e);
            StudyPipelineLog.Unexpected(_logger, e, reason);
            return (await FailAsync(files, outputFolder, resultUidSeed, reason, clock, cancellationToken).ConfigureAwait(false)) with { Selection = selection.Value };
        }
    }

    /// <summary>One line for a report and a job: the exception's type and the first line of its message, never its stack.</summary>
    public static string UnexpectedReason(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is AggregateException aggregate && aggregate.Flatten().InnerExceptions is [Exception single])
        {
            // Parallel loops wrap what broke; the one thing that broke is the reason.
            exception = single;
        }

        string message = exception.Message.Split('\n', 2)[0].Trim();
        if (message.Length > 300)
        {
            message = message[..300] + "...";
        }

        return $"unexpected error ({exception.GetType().Name}){(message.Length > 0 ? ": " + message : string.Empty)}";
    }

    private async Task<StudyPipelineResult> AnalyseAsync(
        IReadOnlyList<string> files, string outputFolder, string? resultUidSeed, ResultOutputs outputs, Stopwatch clock, StrongBox<SelectionResult?> selected, CancellationToken cancellationToken)
    {
        // Every choice and every series left out is said in the log (and by analyze) before any pixel is read.
        SelectionResult selection = await StudyInputs.SelectAsync(files, _options.Selection, cancellationToken).ConfigureAwait(false);
        selected.Value = selection;
        foreach (string line in Explain(selection))
        {
            StudyPipelineLog.Selection(_logger, line);
        }

        StudyInputs inputs;
        try
        {
            inputs = StudyInputs.Load(selection, cancellationToken);
        }
        catch (Exception e) when (e is SeriesGeometryException or Dicom.DicomFormatException or IOException)
        {
            return (await FailAsync(files, outputFolder, resultUidSeed, $"the study's series could not be read: {e.Message}", clock, cancellationToken).ConfigureAwait(false))
                with { Selection = selection };
        }

        // Whatever the selection chose is present, whatever it did not is missing, required by its rules or not.
        ProtocolCoverage coverage = Coverage(inputs.Volumes.Keys);
        if (coverage.Present.Count == 0)
        {
            string missing = inputs.Selection.Check.Missing.Count > 0
                ? string.Join("; ", inputs.Selection.Check.Missing.Select(m => m.ReportText))
                : "no DWI, ADC map or T1 in-phase series found";
            return (await FailAsync(files, outputFolder, resultUidSeed, $"no usable sequence: {missing}", clock, cancellationToken).ConfigureAwait(false))
                with { Selection = selection };
        }

        if (!coverage.IsFull)
        {
            StudyPipelineLog.PartialProtocol(_logger, string.Join("; ", coverage.Limitations));
        }

        // The models the present sequences need; one the study gives no series for is not asked for.
        string[] required = [_options.BoneModelId, .. _metastasisModelIds, _options.NodeModelId];
        if (required.Where(id => Needed(id, coverage.Present))
                .Select(id => (id, problem: _manifest.GetProblem(id)))
                .Where(p => p.problem is not null).ToList() is { Count: > 0 } unavailable)
        {
            string problems = string.Join("; ", unavailable.Select(p => $"{p.id}: {p.problem}"));
            return await FailAsync(files, outputFolder, resultUidSeed, $"model unavailable: {problems}", clock, cancellationToken).ConfigureAwait(false);
        }

        CascadeResult cascade;
        try
        {
            ScoreSharing sharing = Sharing(inputs);
            // On a thread of its own for the seconds it takes (the thread pool serves the associations receiving meanwhile).
            cascade = await Task.Factory.StartNew(() => _cascade.Run(inputs.Volumes, sharing, cancellationToken), cancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        }
        catch (ExecutionProviderUnavailableException e)
        {
            // The provider asked for by name cannot run: the failure SR says which library is missing and how to install it.
            return await FailAsync(files, outputFolder, resultUidSeed, $"execution provider unavailable: {e.Message}", clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OnnxRuntimeException or ModelLoadException or InvalidOperationException)
        {
            return await FailAsync(files, outputFolder, resultUidSeed, $"model error: {e.Message}", clock, cancellationToken).ConfigureAwait(false);
        }

        // A model skipped on a series the study lacks is the partial protocol, said above; one skipped on a series the
        // study has would leave a finding silently out.
        if (cascade.Skipped.Where(s => inputs.Volumes.ContainsKey(s.Sequence)).ToList() is { Count: > 0 } skippedPresent)
        {
            string skipped = string.Join("; ", skippedPresent.Select(s => $"{s.ModelId} on {s.Sequence.ToManifestName()}: {s.Reason}"));
            return await FailAsync(files, outputFolder, resultUidSeed, $"analysis incomplete: {skipped}", clock, cancellationToken).ConfigureAwait(false);
        }

        TimeSpan inference = clock.Elapsed;
        var labels = inputs.Volumes
            .Select(pair => new SeriesLabels(
                ToSequence(pair.Key),
                pair.Value.SeriesInstanceUid ?? inputs.Series[pair.Key].Series.SeriesInstanceUid,
                pair.Value.Geometry,
                cascade.Find(_options.BoneModelId, pair.Key)?.Labels,
                _metastasisModelIds.Select(id => cascade.Find(id, pair.Key)?.Labels).FirstOrDefault(l => l is not null),
                cascade.Find(_options.NodeModelId, pair.Key)?.Labels))
            .ToList();
        ImageVolume? adc = inputs.Volumes.GetValueOrDefault(SequenceKind.Adc);
        StudyFindings findings = await Task.Run(() => StudyAnalyzer.Analyze(labels, adc, _options.Thresholds), cancellationToken).ConfigureAwait(false);

        if (_options.WriteFindingsFiles)
        {
            FindingsFiles.Write(outputFolder, findings, inputs.Series.Values.ToDictionary(s => s.Series.SeriesInstanceUid, s => SeriesFolderName(s.Series)), coverage);
        }

        IReadOnlyList<string> written = await _writer.WriteResultsAsync(
            inputs, findings, AlgorithmsOf(cascade), outputFolder, coverage, resultUidSeed, outputs, cancellationToken).ConfigureAwait(false);
        string summary = Summarise(findings, coverage);
        StudyPipelineLog.Analysed(_logger, summary, inference.TotalSeconds, clock.Elapsed.TotalSeconds);
        return new StudyPipelineResult(findings, written, summary, null, cascade, clock.Elapsed) { Coverage = coverage, Selection = inputs.Selection };
    }

    /// <summary>The study's sequences against the method, with the sequences the manifest's metastasis and node models apply to.</summary>
    private ProtocolCoverage Coverage(IEnumerable<SequenceKind> present)
    {
        var metastasisSequences = _metastasisModelIds
            .SelectMany(id => _manifest.Find(id)?.AppliesTo ?? [SequenceKind.Dwi, SequenceKind.T1InPhase])
            .ToHashSet();
        IReadOnlyList<SequenceKind> nodeSequences = _manifest.Find(_options.NodeModelId)?.AppliesTo ?? [SequenceKind.Dwi];
        return ProtocolCoverage.Of(present, metastasisSequences, nodeSequences);
    }

    /// <summary>Whether model <paramref name="id"/> has a series to run on; a model the manifest lacks is needed, so that its absence is reported.</summary>
    private bool Needed(string id, IReadOnlyList<SequenceKind> present) =>
        _manifest.Find(id) is not { } model || model.AppliesTo.Any(present.Contains);

    /// <summary>
    /// The bone model's scores shared by the DWI and the ADC map when they are one acquisition: both selected, in one
    /// frame of reference (the cascade runs them apart after all when their voxel grids differ).
    /// </summary>
    private ScoreSharing Sharing(StudyInputs inputs)
    {
        if (!_options.ShareBonesWithinAcquisition
            || !inputs.Series.TryGetValue(SequenceKind.Dwi, out SelectedSeries? dwi)
            || !inputs.Series.TryGetValue(SequenceKind.Adc, out SelectedSeries? adc)
            || string.IsNullOrEmpty(dwi.Series.FrameOfReferenceUid)
            || dwi.Series.FrameOfReferenceUid != adc.Series.FrameOfReferenceUid)
        {
            return ScoreSharing.None;
        }

        return new ScoreSharing(new HashSet<string>(StringComparer.Ordinal) { _options.BoneModelId }, [[SequenceKind.Dwi, SequenceKind.Adc]]);
    }

    /// <summary>The models as the SEGs and the SR record them; the bone model's parameters say which series shared its scores.</summary>
    private AnalysisAlgorithms AlgorithmsOf(CascadeResult cascade)
    {
        // Where each model ran (ONNX Runtime version, provider and device, sliding window), after its own parameters.
        AlgorithmIdentity WithRuntime(AlgorithmIdentity algorithm) =>
            cascade.Outputs.Where(o => o.Model.Id == algorithm.Name).Select(o => o.Runtime).Distinct().ToList() is { Count: > 0 } runtimes
            && runtimes.All(r => r is not null)
                ? algorithm with { Parameters = $"{algorithm.Parameters}; {string.Join("; ", runtimes)}" }
                : algorithm;
        AnalysisAlgorithms algorithms = _algorithms with
        {
            Bones = WithRuntime(_algorithms.Bones),
            Metastases = WithRuntime(_algorithms.Metastases),
            Nodes = WithRuntime(_algorithms.Nodes),
            MetastasesBySequence = _algorithms.MetastasesBySequence.ToDictionary(p => p.Key, p => WithRuntime(p.Value)),
        };
        IReadOnlyList<SequenceKind>? shared = cascade.Outputs
            .FirstOrDefault(o => o.Model.Id == _options.BoneModelId && o.ScoresFrom.Count > 1)?.ScoresFrom;
        if (shared is null)
        {
            return algorithms;
        }

        string series = string.Join(" and ", shared.Select(s => s.ToManifestName()));
        return algorithms with
        {
            Bones = algorithms.Bones with
            {
                Parameters = $"{algorithms.Bones.Parameters}; {series} (one acquisition, one voxel grid) labelled from the normalized geometric mean of the model's probabilities on both",
            },
        };
    }

    /// <summary>The name the phantom generator and <c>dicomnode analyze</c> give a series: number_description, unsafe characters as '_'.</summary>
    public static string SeriesFolderName(SeriesSummary series)
    {
        ArgumentNullException.ThrowIfNull(series);
        string description = new(series.Description.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        return series.SeriesNumber is { } n ? $"{n}_{description}" : description.Length > 0 ? description : series.SeriesInstanceUid;
    }

    private static string Summarise(StudyFindings findings, ProtocolCoverage coverage)
    {
        string metastases = findings.MStage is null
            ? "bone metastases not assessed"
            : $"{findings.Metastases.Count} bone metastas{(findings.Metastases.Count == 1 ? "is" : "es")}";
        string nodes = findings.NStage is null
            ? "lymph nodes not assessed"
            : $"{findings.SuspiciousNodeCount} suspicious of {findings.Nodes.Count} lymph node{(findings.Nodes.Count == 1 ? string.Empty : "s")}"
                + (findings.LargestNode is { } largest ? $", largest node short axis {largest.ShortAxisMm:0.0} mm" : string.Empty);
        string partial = coverage.Qualifier is { } qualifier ? $" ({qualifier})" : string.Empty;
        return $"{findings.NStage ?? "NX"} {findings.MStage ?? "MX"}: {metastases}, {nodes}{partial}";
    }

    private async Task<StudyPipelineResult> FailAsync(IReadOnlyList<string> files, string outputFolder, string? resultUidSeed, string reason, Stopwatch clock, CancellationToken cancellationToken)
    {
        StudyPipelineLog.NotAnalysed(_logger, reason);
        if (_options.WriteFindingsFiles)
        {
            FindingsFiles.WriteFailure(outputFolder, reason);
        }

        IReadOnlyList<string> written = await _writer.WriteFailureAsync(files, reason, outputFolder, resultUidSeed, cancellationToken).ConfigureAwait(false);
        return new StudyPipelineResult(null, written, $"not analysed: {reason}", reason, null, clock.Elapsed);
    }

    /// <summary>The selection in lines: "DWI: series 7 '…': b=800 …", then each series or object left out and why.</summary>
    public static IReadOnlyList<string> Explain(SelectionResult selection)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var lines = selection.Selected.Values.OrderBy(s => s.Role)
            .Select(s => $"{RoleName(s.Role)}: {s.Reason}")
            .Concat(selection.Check.Missing.Select(m => $"{RoleName(m.Role)}: {m.Message}"))
            .Concat(selection.Notes.Select(n => $"left out: {n}"))
            .ToList();
        return lines;
    }

    private static string RoleName(SeriesRole role) => role switch
    {
        SeriesRole.DwiHighB => "DWI",
        SeriesRole.Adc => "ADC map",
        _ => "T1 in-phase",
    };

    internal static Sequence ToSequence(SequenceKind kind) => kind switch
    {
        SequenceKind.Dwi => Sequence.Dwi,
        SequenceKind.Adc => Sequence.Adc,
        _ => Sequence.T1InPhase,
    };
}

/// <summary>What one study's pipeline run produced.</summary>
/// <param name="Findings">Null when the analysis could not run.</param>
/// <param name="Files">The DICOM results written (SEGs and the SR, or the failure SR), to send.</param>
/// <param name="FailureReason">Why the analysis could not run; null when it did.</param>
public sealed record StudyPipelineResult(
    StudyFindings? Findings, IReadOnlyList<string> Files, string Summary, string? FailureReason, CascadeResult? Cascade, TimeSpan Elapsed)
{
    /// <summary>The sequences the analysis had and lacked; null when it could not run.</summary>
    public ProtocolCoverage? Coverage { get; init; }

    /// <summary>The series chosen and left out, with the reasons; null when the headers could not be read at all.</summary>
    public SelectionResult? Selection { get; init; }
}

internal static partial class StudyPipelineLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Study analysed: {Summary} (inputs and cascade {InferenceSeconds:0.0} s, total {TotalSeconds:0.0} s)")]
    public static partial void Analysed(ILogger logger, string summary, double inferenceSeconds, double totalSeconds);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "Series selection: {Line}")]
    public static partial void Selection(ILogger logger, string line);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Study not analysed: {Reason}; a report saying so is sent")]
    public static partial void NotAnalysed(ILogger logger, string reason);

    [LoggerMessage(EventId = 702, Level = LogLevel.Warning, Message = "Partial protocol, analysed with what is there: {Limitations}")]
    public static partial void PartialProtocol(ILogger logger, string limitations);

    [LoggerMessage(EventId = 703, Level = LogLevel.Error, Message = "Study analysis broke off: {Reason}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string reason);
}
