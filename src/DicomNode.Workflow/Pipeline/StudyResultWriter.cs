using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.KeyImages;
using DicomNode.Reporting.Pdf;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;
using DicomNode.Workflow.Routing;
using DicomNode.Workflow.Storage;

namespace DicomNode.Workflow.Pipeline;

/// <summary>
/// Writes a study's DICOM results as Part 10 files, each fsynced before it is listed: one SEG per analysed series, the
/// key images and the PDF report when asked for, and the TID 1500 SR that references the segments; or the short SR of an
/// analysis that could not run.
/// </summary>
/// <param name="notice">Shown in every object (SEG Content Description and Image Comments, an SR comment), e.g. that the models are for demonstration only.</param>
public sealed class StudyResultWriter(NodeIdentity identity, DicomUidGenerator uids, string? notice = null, TimeProvider? time = null)
{
    /// <summary>
    /// Writes the SEGs and the SR for <paramref name="findings"/> into <paramref name="folder"/>; returns their paths, SR
    /// last. With a partial protocol, <paramref name="coverage"/>'s limitations go into every object and its qualifier
    /// into every Series Description.
    /// </summary>
    public Task<IReadOnlyList<string>> WriteResultsAsync(
        StudyInputs inputs, StudyFindings findings, AnalysisAlgorithms algorithms, string folder, ProtocolCoverage? coverage, CancellationToken cancellationToken) =>
        WriteResultsAsync(inputs, findings, algorithms, folder, coverage, uidSeed: null, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="uidSeed"/>; with a seed, every UID the results get (SOP Instance, Series,
    /// segment tracking, ...) is derived from it (<see cref="DicomUidGenerator.Derived"/>), so writing the same job again
    /// gives the same UIDs; and the results join the study's result series and replace its previous report
    /// (<see cref="ResultLineage"/>, the supersede policy).
    /// </summary>
    public Task<IReadOnlyList<string>> WriteResultsAsync(
        StudyInputs inputs, StudyFindings findings, AnalysisAlgorithms algorithms, string folder, ProtocolCoverage? coverage, string? uidSeed, CancellationToken cancellationToken) =>
        WriteResultsAsync(inputs, findings, algorithms, folder, coverage, uidSeed, ResultOutputs.Default, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="outputs"/>, writing the kinds of result named: SEGs, key images (one
    /// Secondary Capture series), the PDF report (Encapsulated PDF) and the SR, in that order. The SEGs are made even
    /// when not written, since the SR references their segments; key images and the PDF take UIDs of their own seeds,
    /// so the SEG and SR UIDs do not depend on the profile.
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteResultsAsync(
        StudyInputs inputs, StudyFindings findings, AnalysisAlgorithms algorithms, string folder, ProtocolCoverage? coverage, string? uidSeed, ResultOutputs outputs, CancellationToken cancellationToken)
    {
        DicomUidGenerator generator = UidsFor(uidSeed, "results");
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(findings);
        var sources = new List<SourceSeries>();
        var pictured = new List<KeyImageSource>();
        foreach ((SequenceKind kind, Imaging.ImageVolume volume) in inputs.Volumes.OrderBy(p => p.Key))
        {
            // The header only: the source's patient, study and frame of reference, never its pixel data (an instance may be a gigabyte).
            DicomDataset instance = Part10HeaderReader.ReadFile(inputs.Series[kind].Series.Files[0]).Dataset;
            sources.Add(SourceSeries.From(volume, instance) with
            {
                HoldsOtherImages = inputs.Series[kind].Series.Files.Count > volume.SourceInstanceUids.Distinct(StringComparer.Ordinal).Count(),
            });
            pictured.Add(new KeyImageSource(sources[^1], volume));
        }

        var options = new OutputOptions
        {
            Notice = notice,
            Limitations = coverage?.Limitations ?? [],
            SeriesQualifier = coverage?.Qualifier,
        };
        // A node job (with a seed) joins the study's result series and replaces its previous report (ResultLineage).
        ResultLineage? lineage = uidSeed is null ? null : ResultLineage.Find(folder, sources[0].Instance.GetUid(DicomTags.StudyInstanceUID)!);
        // The key images (their own UIDs) are drawn meanwhile: the PDF shows them, so they are drawn for it even when not sent as images.
        Task<IReadOnlyList<WrittenKeyImage>>? drawing = (outputs & (ResultOutputs.KeyImages | ResultOutputs.Pdf)) != 0
            ? Task.Run(() => new KeyImageWriter(identity, UidsFor(uidSeed, "key-images"), time).WriteAll(findings, pictured, options), cancellationToken)
            : null;
        var segmentations = new SegmentationWriter(identity, algorithms, generator, time).WriteAll(findings, sources, options);
        segmentations = lineage?.Place(segmentations) ?? segmentations;
        var paths = new List<string>();
        foreach (WrittenSegmentation segmentation in outputs.HasFlag(ResultOutputs.Seg) ? segmentations : [])
        {
            string series = segmentation.File.Dataset.GetUid(DicomTags.SeriesInstanceUID) ?? generator.Generate();
            paths.Add(await WriteAsync(Path.Combine(folder, $"seg-{series}.dcm"), segmentation.File, cancellationToken).ConfigureAwait(false));
        }

        // The SR's UIDs come from the generator after the SEGs', as before key images and the PDF existed.
        DicomFile report = new MeasurementReportWriter(identity, algorithms, generator, time)
            .Write(findings, sources, segmentations.Select(s => s.Reference).ToList(), lineage?.ForReport(options) ?? options);
        if (drawing is not null)
        {
            IReadOnlyList<WrittenKeyImage> keyImages = await drawing.ConfigureAwait(false);
            if (outputs.HasFlag(ResultOutputs.KeyImages))
            {
                for (var n = 0; n < keyImages.Count; n++)
                {
                    paths.Add(await WriteAsync(Path.Combine(folder, $"key-image-{n + 1:D2}.dcm"), keyImages[n].File, cancellationToken).ConfigureAwait(false));
                }
            }

            if (outputs.HasFlag(ResultOutputs.Pdf))
            {
                DicomFile pdf = new EncapsulatedReportWriter(identity, algorithms, UidsFor(uidSeed, "pdf"), time).Write(findings, sources, keyImages, options);
                paths.Add(await WriteAsync(Path.Combine(folder, "report-pdf.dcm"), pdf, cancellationToken).ConfigureAwait(false));
            }
        }

        if (outputs.HasFlag(ResultOutputs.Sr))
        {
            paths.Add(await WriteAsync(Path.Combine(folder, "sr.dcm"), report, cancellationToken).ConfigureAwait(false));
        }

        return paths;
    }

    /// <summary>Writes the SR of an analysis that could not run; the study is taken from the first readable file.</summary>
    public Task<IReadOnlyList<string>> WriteFailureAsync(IReadOnlyList<string> files, string reason, string folder, CancellationToken cancellationToken) =>
        WriteFailureAsync(files, reason, folder, uidSeed: null, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="uidSeed"/>; with a seed, the SR's UIDs are derived from it, and it joins
    /// the study's report series and names the report it replaces (<see cref="ResultLineage"/>).
    /// </summary>
    public async Task<IReadOnlyList<string>> WriteFailureAsync(IReadOnlyList<string> files, string reason, string folder, string? uidSeed, CancellationToken cancellationToken)
    {
        DicomUidGenerator generator = UidsFor(uidSeed, "not-analysed");
        ArgumentNullException.ThrowIfNull(files);
        DicomDataset? study = null;
        foreach (string file in files)
        {
            try
            {
                study = Part10HeaderReader.ReadFile(file).Dataset;
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever made this file unreadable, the next may be readable; a study with none cannot be reported on at all.
            }
        }

        if (study is null)
        {
            return [];
        }

        var options = new OutputOptions { Notice = notice };
        if (uidSeed is not null && study.GetUid(DicomTags.StudyInstanceUID) is { } studyUid)
        {
            options = ResultLineage.Find(folder, studyUid).ForReport(options);
        }

        DicomFile report = new MeasurementReportWriter(identity, EmptyAlgorithms, generator, time)
            .WriteFailure(study, reason, null, options);
        return [await WriteAsync(Path.Combine(folder, "sr-not-analysed.dcm"), report, cancellationToken).ConfigureAwait(false)];
    }

    /// <summary>The manifest models of the three roles with the thresholds, as the writers record them.</summary>
    /// <exception cref="ArgumentException">Two metastasis models run on the same sequence.</exception>
    public static AnalysisAlgorithms Algorithms(ModelManifest manifest, StudyPipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(options);
        (string Name, string Version) Of(string id) => manifest.Find(id) is { } m ? (m.Id, m.Version) : (id, "unavailable");
        var metastases = StudyPipeline.DeclaredMetastasisModels(manifest, options)
            .Select(id =>
            {
                (string name, string version) = Of(id);
                return (name, version, (IReadOnlyList<Sequence>)(manifest.Find(id)?.AppliesTo.Select(StudyPipeline.ToSequence).ToList() ?? []));
            })
            .ToList();
        return AnalysisAlgorithms.Create(Of(options.BoneModelId), metastases, Of(options.NodeModelId), options.Thresholds);
    }

    // The kind of output is part of the seed: a job that failed and succeeds when retried must not give its first SEG
    // the UID its earlier "not analysed" SR had.
    private DicomUidGenerator UidsFor(string? seed, string output) => seed is null ? uids : DicomUidGenerator.Derived(seed + "/" + output);

    private static readonly AnalysisAlgorithms EmptyAlgorithms = AnalysisAlgorithms.Create(("none", "0"), ("none", "0"), ("none", "0"), new AnalysisThresholds());

    private static async Task<string> WriteAsync(string path, DicomFile file, CancellationToken cancellationToken)
    {
        await DurableFile.WriteAsync(path, (stream, _) =>
        {
            Part10Writer.Write(stream, file);
            return Task.CompletedTask;
        }, cancellationToken).ConfigureAwait(false);
        return path;
    }
}
