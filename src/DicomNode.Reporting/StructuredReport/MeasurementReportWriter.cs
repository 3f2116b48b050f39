using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Composite;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.Segmentation;

namespace DicomNode.Reporting.StructuredReport;

/// <summary>
/// Writes the study's Measurement Report (TID 1500) as Enhanced SR (1.2.840.10008.5.1.4.1.1.88.22): the class DCMTK and
/// dcmqi write TID 1500 in, enough for IMAGE references to SEG segments, and the one viewers accept most widely.
/// The title is (126000, DCM, "Imaging Measurement Report"), the one OHIF shows. Also writes the short report that says
/// the analysis could not run (<see cref="WriteFailure"/>).
/// </summary>
public sealed partial class MeasurementReportWriter
{
    private readonly ResultAuthor _author;

    public MeasurementReportWriter(NodeIdentity identity, AnalysisAlgorithms algorithms, DicomUidGenerator uids, TimeProvider? time = null) =>
        _author = ResultAuthor.Of(identity, algorithms, uids, time);

    /// <summary>
    /// The report of an analysed study: every bone, metastasis and lymph node as a TID 1411 measurement group that
    /// references its SEG segment, and the staging in Qualitative Evaluations. COMPLETE when both stages were assessed
    /// and <see cref="OutputOptions.Limitations"/> is empty, else PARTIAL.
    /// </summary>
    /// <param name="sources">The analysed series (the Image Library and the evidence); they must all be of one study.</param>
    /// <param name="segmentations">The SEG written for each series with findings (<see cref="SegmentationWriter.WriteAll"/>).</param>
    /// <exception cref="ArgumentException">A finding has no segment in <paramref name="segmentations"/>, or a series no source.</exception>
    public DicomFile Write(StudyFindings study, IReadOnlyList<SourceSeries> sources, IReadOnlyList<SegmentationReference> segmentations, OutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(segmentations);
        options ??= new OutputOptions();
        if (sources.Count == 0)
        {
            throw new ArgumentException("A measurement report needs the analysed series it reports on.", nameof(sources));
        }

        foreach (var source in sources)
        {
            source.Validate();
        }

        var studyUid = sources[0].Instance.GetUid(DicomTags.StudyInstanceUID)!;
        if (sources.FirstOrDefault(s => s.Instance.GetUid(DicomTags.StudyInstanceUID) != studyUid) is { } stranger)
        {
            throw new ArgumentException($"Series {stranger.SeriesInstanceUid} belongs to another study than {studyUid}; one report covers one study.", nameof(sources));
        }

        foreach (var series in study.Series)
        {
            if (sources.All(s => s.SeriesInstanceUid != series.SeriesInstanceUid))
            {
                throw new ArgumentException($"No source given for analysed series {series.SeriesInstanceUid}.", nameof(sources));
            }
        }

        // COMPLETE only when both stages were assessed on every sequence the method asks for.
        var complete = study.NStage is not null && study.MStage is not null && options.Limitations.Count == 0;
        var doc = NewDocument(sources[0].Instance, options, complete);
        var content = new ContentItemBuilder(doc);
        var children = new List<DicomDataset>(Preamble(content))
        {
            ImageLibrary(content, sources.Select(s => (s.SeriesInstanceUid, s.SopClassUid, s.SourceImages))),
        };

        var groups = MeasurementGroups(content, study, sources, segmentations);
        if (groups.Count > 0)
        {
            children.Add(content.Container(ContentItemBuilder.Contains, Concepts.ImagingMeasurements, groups));
        }

        children.Add(content.Container(ContentItemBuilder.Contains, Concepts.QualitativeEvaluations, Evaluations(content, study, options)));
        content.SetRoot(doc.Root, Concepts.ImagingMeasurementReport, "1500", children);

        var evidence = sources
            .SelectMany(s => s.SourceImages.Select(image => new InstanceReference(s.SeriesInstanceUid, s.SopClassUid, image.SopInstanceUid)))
            .Concat(segmentations.Select(s => new InstanceReference(s.SeriesInstanceUid, DicomUids.SegmentationStorage, s.SopInstanceUid)))
            .ToList();
        SetEvidence(doc, studyUid, evidence);
        DeclareLocalScheme(doc);
        return doc.ToFile();
    }

    /// <summary>
    /// The report written when the analysis cannot run (protocol incomplete, model error): a valid Imaging Measurement
    /// Report, PARTIAL, whose only content is a Comment "Analysis not performed: <paramref name="reason"/>", so that the
    /// radiologist sees in the viewer that nothing was analysed instead of an absence to interpret.
    /// </summary>
    /// <param name="studyInstance">Any instance of the study: the patient and study the report belongs to.</param>
    /// <param name="evidence">The study's instances the node received; listed as evidence and in the Image Library when given.</param>
    public DicomFile WriteFailure(DicomDataset studyInstance, string reason, IReadOnlyList<InstanceReference>? evidence = null, OutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(studyInstance);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        options ??= new OutputOptions();
        evidence ??= [];
        var doc = NewDocument(studyInstance, options, complete: false);
        var content = new ContentItemBuilder(doc);
        var evaluations = new List<DicomDataset>
        {
            content.Text(ContentItemBuilder.Contains, Concepts.Comment, "Analysis not performed: " + reason.Trim()),
        };
        if (!string.IsNullOrWhiteSpace(options.Notice))
        {
            evaluations.Add(content.Text(ContentItemBuilder.Contains, Concepts.Comment, options.Notice));
        }

        var library = evidence
            .GroupBy(e => e.SeriesInstanceUid)
            .Select(g => (g.Key, g.First().SopClassUid, (IReadOnlyList<(string, IReadOnlyList<int>)>)g
                .Select(e => (e.SopInstanceUid, (IReadOnlyList<int>)Array.Empty<int>())).ToList()));
        var children = new List<DicomDataset>(Preamble(content))
        {
            ImageLibrary(content, library),
            content.Container(ContentItemBuilder.Contains, Concepts.QualitativeEvaluations, evaluations),
        };
        content.SetRoot(doc.Root, Concepts.ImagingMeasurementReport, "1500", children);
        if (evidence.Count > 0)
        {
            SetEvidence(doc, doc.Root.GetUid(DicomTags.StudyInstanceUID)!, evidence);
        }

        return doc.ToFile();
    }

    /// <summary>Patient, General Study, SR Document Series, General Equipment and SR Document General.</summary>
    private CompositeInstance NewDocument(DicomDataset studyInstance, OutputOptions options, bool complete)
    {
        var doc = new CompositeInstance(DicomUids.EnhancedSRStorage, _author.Uids.Generate(), _author.Time.GetLocalNow());
        doc.CopyPatientAndStudy(studyInstance);
        doc.SetSeries("SR", options.SeriesInstanceUid ?? _author.Uids.Generate(), options.SeriesNumber ?? 2000, CompositeInstance.QualifiedDescription(options.SeriesDescription ?? "AI measurement report", options.SeriesQualifier));

        // SR Document Series: Referenced Performed Procedure Step Sequence is Type 2, empty without a PPS.
        doc.Root.SetSequence(DicomTags.ReferencedPerformedProcedureStepSequence);
        doc.SetEquipment(_author.Identity);

        // SR Document General (C.17.2). An automated report is never VERIFIED: no one has signed it.
        var root = doc.Root;
        root.SetIntegerStrings(DicomTags.InstanceNumber, options.InstanceNumber);
        root.SetDate(DicomTags.ContentDate, doc.Date);
        root.SetTime(DicomTags.ContentTime, doc.Time);
        root.SetString(DicomTags.CompletionFlag, DicomVR.CS, complete ? "COMPLETE" : "PARTIAL");
        root.SetString(DicomTags.VerificationFlag, DicomVR.CS, "UNVERIFIED");
        root.SetSequence(DicomTags.PerformedProcedureCodeSequence);
        if (options.Replaces.Count > 0)
        {
            // PS3.3 C.17.2.3: the earlier reports this one takes the place of (Hierarchical SOP Instance Reference Macro).
            root.SetSequence(DicomTags.PredecessorDocumentsSequence, References(doc, options.Replaces));
        }

        return doc;
    }

    /// <summary>TID 1500 rows 2–4: language, the device observer (TID 1001/1004), the procedure reported.</summary>
    private IEnumerable<DicomDataset> Preamble(ContentItemBuilder content)
    {
        yield return content.Code(ContentItemBuilder.HasConceptMod, Concepts.LanguageOfContentItemAndDescendants, Concepts.EnglishUnitedStates);
        yield return content.Code(ContentItemBuilder.HasObsContext, Concepts.ObserverType, Concepts.Device);
        yield return content.UidRef(ContentItemBuilder.HasObsContext, Concepts.DeviceObserverUid, _author.Identity.DeviceObserverUid);
        yield return content.Text(ContentItemBuilder.HasObsContext, Concepts.DeviceObserverName, _author.Identity.DeviceObserverName);
        yield return content.Text(ContentItemBuilder.HasObsContext, Concepts.DeviceObserverManufacturer, _author.Identity.Manufacturer);
        yield return content.Text(ContentItemBuilder.HasObsContext, Concepts.DeviceObserverModelName, _author.Identity.ManufacturerModelName);
        yield return content.Text(ContentItemBuilder.HasObsContext, Concepts.DeviceObserverSerialNumber, _author.Identity.DeviceSerialNumber);
        yield return content.Code(ContentItemBuilder.HasConceptMod, Concepts.ProcedureReported, Concepts.MultiparametricMri);
    }

    /// <summary>TID 1600: one Image Library Group per series, one IMAGE per instance, with the frames used of a multi-frame one.</summary>
    private static DicomDataset ImageLibrary(
        ContentItemBuilder content, IEnumerable<(string Series, string SopClass, IReadOnlyList<(string SopInstanceUid, IReadOnlyList<int> Frames)> Images)> series)
    {
        var groups = series.Select(s => content.Container(
            ContentItemBuilder.Contains,
            Concepts.ImageLibraryGroup,
            s.Images.Select(image => content.Image(ContentItemBuilder.Contains, null, s.SopClass, image.SopInstanceUid, frames: image.Frames))));
        return content.Container(ContentItemBuilder.Contains, Concepts.ImageLibrary, groups);
    }

    /// <summary>Current Requested Procedure Evidence Sequence (Hierarchical SOP Instance Reference Macro): study, series, instances.</summary>
    private static void SetEvidence(CompositeInstance doc, string studyUid, IReadOnlyList<InstanceReference> evidence) =>
        doc.Root.SetSequence(DicomTags.CurrentRequestedProcedureEvidenceSequence, References(doc, evidence.Select(e => (studyUid, e)).ToList()));

    /// <summary>Hierarchical SOP Instance Reference Macro (PS3.3 Table C.17-3): one item per study, its series, their instances.</summary>
    private static DicomDataset[] References(CompositeInstance doc, IReadOnlyList<(string StudyInstanceUid, InstanceReference Instance)> references) =>
        references.GroupBy(r => r.StudyInstanceUid, StringComparer.Ordinal).Select(studyGroup =>
        {
            var study = doc.Item();
            study.SetUid(DicomTags.StudyInstanceUID, studyGroup.Key);
            study.SetSequence(DicomTags.ReferencedSeriesSequence, studyGroup.Select(r => r.Instance).GroupBy(e => e.SeriesInstanceUid).Select(g =>
            {
                var series = doc.Item();
                series.SetUid(DicomTags.SeriesInstanceUID, g.Key);
                series.SetSequence(DicomTags.ReferencedSOPSequence, g.DistinctBy(e => e.SopInstanceUid).Select(e =>
                {
                    var instance = doc.Item();
                    instance.SetUid(DicomTags.ReferencedSOPClassUID, e.SopClassUid);
                    instance.SetUid(DicomTags.ReferencedSOPInstanceUID, e.SopInstanceUid);
                    return instance;
                }).ToArray());
                return series;
            }).ToArray());
            return study;
        }).ToArray();

    /// <summary>PS3.3 C.12.1.1.2: a private coding scheme is identified in Coding Scheme Identification Sequence.</summary>
    private static void DeclareLocalScheme(CompositeInstance doc)
    {
        var scheme = doc.Item();
        scheme.SetString(DicomTags.CodingSchemeDesignator, DicomVR.SH, Concepts.LocalScheme.Designator);
        scheme.SetString(DicomTags.CodingSchemeName, DicomVR.ST, Concepts.LocalScheme.Name);
        scheme.SetString(DicomTags.CodingSchemeResponsibleOrganization, DicomVR.ST, "DicomNode");
        doc.Root.SetSequence(DicomTags.CodingSchemeIdentificationSequence, scheme);
    }
}
