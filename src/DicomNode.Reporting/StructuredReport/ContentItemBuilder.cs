using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Composite;

namespace DicomNode.Reporting.StructuredReport;

/// <summary>
/// SR content items (Document Content Macro, PS3.3 C.17.3): relationship type, value type, concept name and the value
/// of the type, with children in a Content Sequence. Only the value types and relationships Enhanced SR allows
/// (PS3.3 Table A.35.2-2).
/// </summary>
internal sealed class ContentItemBuilder(CompositeInstance doc)
{
    public const string Contains = "CONTAINS";
    public const string HasObsContext = "HAS OBS CONTEXT";
    public const string HasConceptMod = "HAS CONCEPT MOD";
    public const string SelectedFrom = "SELECTED FROM";

    /// <summary>The root content item's own attributes (no relationship): CONTAINER, title, SEPARATE, template.</summary>
    public void SetRoot(DicomDataset root, CodedConcept title, string templateIdentifier, IReadOnlyList<DicomDataset> children)
    {
        root.SetString(DicomTags.ValueType, DicomVR.CS, "CONTAINER");
        doc.SetCode(root, DicomTags.ConceptNameCodeSequence, title);
        root.SetString(DicomTags.ContinuityOfContent, DicomVR.CS, "SEPARATE");
        var template = doc.Item();
        template.SetString(DicomTags.MappingResource, DicomVR.CS, "DCMR");
        template.SetString(DicomTags.TemplateIdentifier, DicomVR.CS, templateIdentifier);
        root.SetSequence(DicomTags.ContentTemplateSequence, template);
        SetChildren(root, children);
    }

    public DicomDataset Container(string relationship, CodedConcept concept, IEnumerable<DicomDataset> children)
    {
        var item = Item(relationship, "CONTAINER", concept);
        item.SetString(DicomTags.ContinuityOfContent, DicomVR.CS, "SEPARATE");
        SetChildren(item, children.ToList());
        return item;
    }

    public DicomDataset Text(string relationship, CodedConcept concept, string text, params DicomDataset[] children)
    {
        var item = Item(relationship, "TEXT", concept);
        item.SetString(DicomTags.TextValue, DicomVR.UT, text);
        SetChildren(item, children);
        return item;
    }

    public DicomDataset Code(string relationship, CodedConcept concept, CodedConcept value, params DicomDataset[] children)
    {
        var item = Item(relationship, "CODE", concept);
        doc.SetCode(item, DicomTags.ConceptCodeSequence, value);
        SetChildren(item, children);
        return item;
    }

    public DicomDataset UidRef(string relationship, CodedConcept concept, string uid)
    {
        var item = Item(relationship, "UIDREF", concept);
        item.SetUid(DicomTags.UID, uid);
        return item;
    }

    /// <summary>A NUM item: the value (DS) and its unit (Measured Value Sequence, PS3.3 C.18.1).</summary>
    /// <param name="decimals">Decimals kept: the precision the measurement has, not the float's.</param>
    public DicomDataset Num(string relationship, CodedConcept concept, double value, CodedConcept unit, int decimals, params DicomDataset[] children)
    {
        var item = Item(relationship, "NUM", concept);
        var measured = doc.Item();
        // Halves away from zero, the node's one rounding rule (Analysis.Findings.Measurement): 8.05 mm reads 8.1, as in the SEG.
        measured.SetDecimalStrings(DicomTags.NumericValue, Math.Round(value, decimals, MidpointRounding.AwayFromZero));
        doc.SetCode(measured, DicomTags.MeasurementUnitsCodeSequence, unit);
        item.SetSequence(DicomTags.MeasuredValueSequence, measured);
        SetChildren(item, children);
        return item;
    }

    /// <summary>
    /// A SCOORD item (PS3.3 C.18.6): points in the pixel coordinates of the one image it is SELECTED FROM, given as
    /// <paramref name="source"/> (an IMAGE item without concept name, PS3.3 Table A.35.2-2 row SCOORD → IMAGE).
    /// </summary>
    public DicomDataset Scoord(string relationship, CodedConcept concept, string graphicType, float[] points, DicomDataset source)
    {
        var item = Item(relationship, "SCOORD", concept);
        item.SetString(DicomTags.GraphicType, DicomVR.CS, graphicType);
        item.SetSingle(DicomTags.GraphicData, points);
        SetChildren(item, [source]);
        return item;
    }

    /// <summary>
    /// An IMAGE item. With <paramref name="segmentNumber"/> it references one segment of a SEG (Referenced Segment
    /// Number, and never a frame number with it: dciodvfy reports both together as an error).
    /// </summary>
    public DicomDataset Image(
        string relationship, CodedConcept? concept, string sopClassUid, string sopInstanceUid, int? segmentNumber = null, IReadOnlyList<int>? frames = null)
    {
        var item = doc.Item();
        item.SetString(DicomTags.RelationshipType, DicomVR.CS, relationship);
        item.SetString(DicomTags.ValueType, DicomVR.CS, "IMAGE");
        if (concept is { } name)
        {
            doc.SetCode(item, DicomTags.ConceptNameCodeSequence, name);
        }

        var reference = doc.Item();
        reference.SetUid(DicomTags.ReferencedSOPClassUID, sopClassUid);
        reference.SetUid(DicomTags.ReferencedSOPInstanceUID, sopInstanceUid);
        if (segmentNumber is { } segment)
        {
            reference.SetUInt16(DicomTags.ReferencedSegmentNumber, checked((ushort)segment));
        }

        if (frames is { Count: > 0 })
        {
            // PS3.3 C.17.3.2.2 (Image Reference Macro): the frames of a multi-frame image the item refers to.
            reference.SetIntegerStrings(DicomTags.ReferencedFrameNumber, frames.ToArray());
        }

        item.SetSequence(DicomTags.ReferencedSOPSequence, reference);
        return item;
    }

    private DicomDataset Item(string relationship, string valueType, CodedConcept concept)
    {
        var item = doc.Item();
        item.SetString(DicomTags.RelationshipType, DicomVR.CS, relationship);
        item.SetString(DicomTags.ValueType, DicomVR.CS, valueType);
        doc.SetCode(item, DicomTags.ConceptNameCodeSequence, concept);
        return item;
    }

    private static void SetChildren(DicomDataset item, IReadOnlyList<DicomDataset> children)
    {
        if (children.Count > 0)
        {
            item.SetSequence(DicomTags.ContentSequence, children.ToArray());
        }
    }
}
