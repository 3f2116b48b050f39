using DicomNode.Analysis.Findings;
using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Composite;
using DicomNode.Reporting.Inputs;
using DicomNode.Reporting.KeyImages;

namespace DicomNode.Reporting.Pdf;

/// <summary>
/// Writes the study's PDF report (<see cref="ReportDocument"/>) as Encapsulated PDF Storage (PS3.3 A.45.1): Modality
/// DOC, its own series, Burned In Annotation YES (the PDF names the patient), Document Title and Concept Name
/// (LOINC 18755-9 "MRI Report", CID 7000), MIME type application/pdf, Source Instance Sequence naming every analysed
/// image, and the document padded to even length with Encapsulated Document Length giving its true size.
/// </summary>
public sealed class EncapsulatedReportWriter
{
    private readonly ResultAuthor _author;

    public EncapsulatedReportWriter(NodeIdentity identity, AnalysisAlgorithms algorithms, DicomUidGenerator uids, TimeProvider? time = null) =>
        _author = ResultAuthor.Of(identity, algorithms, uids, time);

    /// <summary>The report of <paramref name="study"/> with <paramref name="keyImages"/> in it. Series Number: <see cref="OutputOptions.SeriesNumber"/>, else 3100.</summary>
    /// <param name="sources">Every analysed series (the first gives Patient and Study; all are listed as the document's sources).</param>
    public DicomFile Write(StudyFindings study, IReadOnlyList<SourceSeries> sources, IReadOnlyList<WrittenKeyImage> keyImages, OutputOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(study);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(keyImages);
        if (sources.Count == 0)
        {
            throw new ArgumentException("A report needs at least one analysed series for its patient and study.", nameof(sources));
        }

        options ??= new OutputOptions();
        foreach (var source in sources)
        {
            source.Validate();
        }

        var now = _author.Time.GetLocalNow();
        var pdf = ReportDocument.Build(study, sources[0].Instance, _author.Algorithms, keyImages, _author.Identity, options, now);
        var doc = new CompositeInstance(DicomUids.EncapsulatedPDFStorage, _author.Uids.Generate(), now);
        doc.CopyPatientAndStudy(sources[0].Instance);
        doc.SetSeries(
            "DOC",
            _author.Uids.Generate(),
            options.SeriesNumber ?? 3100,
            CompositeInstance.QualifiedDescription(options.SeriesDescription ?? "AI report (PDF)", options.SeriesQualifier));
        doc.SetEquipment(_author.Identity);
        var root = doc.Root;

        // SC Equipment (C.8.6.1), part of the IOD: made on a workstation.
        root.SetString(DicomTags.ConversionType, DicomVR.CS, "WSD");

        // Encapsulated Document (C.24.2).
        root.SetIntegerStrings(DicomTags.InstanceNumber, options.InstanceNumber);
        root.SetDate(DicomTags.ContentDate, doc.Date);
        root.SetTime(DicomTags.ContentTime, doc.Time);
        root.SetString(DicomTags.AcquisitionDateTime, DicomVR.DT, string.Empty);
        root.SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES");
        root.SetSequence(DicomTags.SourceInstanceSequence, sources.SelectMany(s => s.SourceImages.Select(image =>
        {
            var item = doc.Item();
            item.SetUid(DicomTags.ReferencedSOPClassUID, s.SopClassUid);
            item.SetUid(DicomTags.ReferencedSOPInstanceUID, image.SopInstanceUid);
            return item;
        })).ToArray());
        root.SetString(DicomTags.DocumentTitle, DicomVR.ST, ReportDocument.Title);
        doc.SetCode(root, DicomTags.ConceptNameCodeSequence, Concepts.MriReport);
        root.SetString(DicomTags.MIMETypeOfEncapsulatedDocument, DicomVR.LO, "application/pdf");
        root.SetUInt32(DicomTags.EncapsulatedDocumentLength, checked((uint)pdf.Length));

        // PS3.3 C.24.2.1: an odd-length document is padded with one trailing 0x00, Encapsulated Document Length keeps the true size.
        root.SetBytes(DicomTags.EncapsulatedDocument, DicomVR.OB, pdf.Length % 2 == 0 ? pdf : [.. pdf, 0]);
        return doc.ToFile();
    }
}
