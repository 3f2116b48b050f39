using DicomNode.Dicom;
using DicomNode.Reporting.Coding;
using DicomNode.Reporting.Composite;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Segmentation;

/// <summary>Multi-frame Functional Groups (PS3.3 C.8.20.3) and Multi-frame Dimension (C.7.6.17).</summary>
public sealed partial class SegmentationWriter
{
    private static void SetFunctionalGroups(CompositeInstance doc, SourceSeries source, FrameLayout layout)
    {
        var grid = source.Geometry;
        var spacing = grid.Spacing;

        // Shared: the source's pixel grid and orientation. Pixel Spacing is [between rows, between columns] = [j, i].
        var shared = doc.Item();
        var measures = doc.Item();
        measures.SetDecimalStrings(DicomTags.PixelSpacing, Round(spacing.J), Round(spacing.I));
        var thickness = source.Instance.TryGetDouble(DicomTags.SliceThickness, out var t) && t > 0 ? t : spacing.K;
        measures.SetDecimalStrings(DicomTags.SliceThickness, Round(thickness));
        measures.SetDecimalStrings(DicomTags.SpacingBetweenSlices, Round(spacing.K));
        shared.SetSequence(DicomTags.PixelMeasuresSequence, measures);
        var orientation = doc.Item();
        var row = grid.Direction(0);
        var column = grid.Direction(1);
        orientation.SetDecimalStrings(
            DicomTags.ImageOrientationPatient, Round(row.X), Round(row.Y), Round(row.Z), Round(column.X), Round(column.Y), Round(column.Z));
        shared.SetSequence(DicomTags.PlaneOrientationSequence, orientation);
        doc.Root.SetSequence(DicomTags.SharedFunctionalGroupsSequence, shared);

        var perFrame = new DicomDataset[layout.Frames.Count];
        for (var f = 0; f < perFrame.Length; f++)
        {
            var (segment, k) = layout.Frames[f];
            var item = doc.Item();
            item.SetSequence(DicomTags.DerivationImageSequence, DerivationItem(doc, source, k));

            // Dimension index values: [segment, position]; the position index is 1-based in the source's slice order.
            var content = doc.Item();
            content.SetUInt32(DicomTags.DimensionIndexValues, (uint)segment, (uint)(k + 1));
            item.SetSequence(DicomTags.FrameContentSequence, content);

            var position = doc.Item();
            var (x, y, z) = grid.ToPatient(0, 0, k);
            position.SetDecimalStrings(DicomTags.ImagePositionPatient, Round(x), Round(y), Round(z));
            item.SetSequence(DicomTags.PlanePositionSequence, position);

            var identification = doc.Item();
            identification.SetUInt16(DicomTags.ReferencedSegmentNumber, checked((ushort)segment));
            item.SetSequence(DicomTags.SegmentIdentificationSequence, identification);
            perFrame[f] = item;
        }

        doc.Root.SetSequence(DicomTags.PerFrameFunctionalGroupsSequence, perFrame);
    }

    /// <summary>The frame was derived from slice k alone, on its own pixel grid (PS3.3 C.7.6.16.2.6).</summary>
    private static DicomDataset DerivationItem(CompositeInstance doc, SourceSeries source, int k)
    {
        var derivation = doc.Item();
        doc.SetCode(derivation, DicomTags.DerivationCodeSequence, Concepts.Segmentation);
        var image = doc.Item();
        image.SetUid(DicomTags.ReferencedSOPClassUID, source.SopClassUid);
        image.SetUid(DicomTags.ReferencedSOPInstanceUID, source.SliceInstanceUids[k]);
        if (source.FrameNumberOf(k) is { } frame)
        {
            // PS3.3 C.7.6.16.2.6 and Table 10-3: a frame of a multi-frame source is referenced by its number.
            image.SetIntegerStrings(DicomTags.ReferencedFrameNumber, frame);
        }

        doc.SetCode(image, DicomTags.PurposeOfReferenceCodeSequence, Concepts.SourceImageForImageProcessingOperation);
        image.SetString(DicomTags.SpatialLocationsPreserved, DicomVR.CS, "YES");
        derivation.SetSequence(DicomTags.SourceImageSequence, image);
        return derivation;
    }

    /// <summary>Two dimensions: the segment (Segment Identification) and the frame's position (Plane Position).</summary>
    private void SetDimensions(CompositeInstance doc)
    {
        var organization = _author.Uids.Generate();
        var organizationItem = doc.Item();
        organizationItem.SetUid(DicomTags.DimensionOrganizationUID, organization);
        doc.Root.SetSequence(DicomTags.DimensionOrganizationSequence, organizationItem);

        var segment = doc.Item();
        segment.SetUid(DicomTags.DimensionOrganizationUID, organization);
        segment.SetTags(DicomTags.DimensionIndexPointer, DicomTags.ReferencedSegmentNumber);
        segment.SetTags(DicomTags.FunctionalGroupPointer, DicomTags.SegmentIdentificationSequence);
        segment.SetString(DicomTags.DimensionDescriptionLabel, DicomVR.LO, "Segment Number");
        var position = doc.Item();
        position.SetUid(DicomTags.DimensionOrganizationUID, organization);
        position.SetTags(DicomTags.DimensionIndexPointer, DicomTags.ImagePositionPatient);
        position.SetTags(DicomTags.FunctionalGroupPointer, DicomTags.PlanePositionSequence);
        position.SetString(DicomTags.DimensionDescriptionLabel, DicomVR.LO, "Image Position Patient");
        doc.Root.SetSequence(DicomTags.DimensionIndexSequence, segment, position);
    }

    /// <summary>Micrometre precision keeps DS values short; the positions are the source's to well within that.</summary>
    private static double Round(double value)
    {
        var rounded = Math.Round(value, 6);
        return rounded == 0 ? 0 : rounded; // no "-0"
    }
}
