using DicomNode.Dicom;
using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Reporting.Inputs;

/// <summary>
/// An analysed MR series as the writers need it: what a SEG derives from and what the SR lists as evidence.
/// </summary>
/// <param name="SopClassUid">The SOP class of the slices (MR Image Storage for the single-frame series the node stacks).</param>
/// <param name="FrameOfReferenceUid">Copied into the SEG: PS3.3 A.51 has the SEG share its source's frame of reference.</param>
/// <param name="SliceInstanceUids">The SOP Instance UID of slice k of <paramref name="Geometry"/>, in k order (<see cref="ImageVolume.SourceInstanceUids"/>).</param>
/// <param name="Geometry">The volume grid the findings' regions index.</param>
/// <param name="Instance">One instance of the series: Patient and General Study attributes, Slice Thickness, Series Number.</param>
public sealed record SourceSeries(
    string SopClassUid,
    string SeriesInstanceUid,
    string FrameOfReferenceUid,
    IReadOnlyList<string> SliceInstanceUids,
    VolumeGeometry Geometry,
    DicomDataset Instance)
{
    /// <summary>The source of a volume stacked by the series volume builder, with one of its instances.</summary>
    /// <exception cref="ArgumentException">The volume has no series or slice UIDs, or the instance lacks a SOP class or frame of reference.</exception>
    public static SourceSeries From(ImageVolume volume, DicomDataset instance)
    {
        ArgumentNullException.ThrowIfNull(volume);
        ArgumentNullException.ThrowIfNull(instance);
        var series = volume.SeriesInstanceUid ?? instance.GetUid(DicomTags.SeriesInstanceUID)
            ?? throw new ArgumentException("The volume names no series and the instance has no Series Instance UID.", nameof(volume));
        var sopClass = instance.GetUid(DicomTags.SOPClassUID);
        if (string.IsNullOrEmpty(sopClass))
        {
            throw new ArgumentException("The instance has no SOP Class UID (0008,0016).", nameof(instance));
        }

        var frameOfReference = instance.GetUid(DicomTags.FrameOfReferenceUID);
        if (string.IsNullOrEmpty(frameOfReference))
        {
            throw new ArgumentException("The instance has no Frame of Reference UID (0020,0052); a SEG must share its source's.", nameof(instance));
        }

        return new SourceSeries(sopClass, series, frameOfReference, volume.SourceInstanceUids, volume.Geometry, instance)
        {
            SliceFrameNumbers = volume.SourceFrameNumbers,
        };
    }

    /// <summary>
    /// The frame number of slice k in its multi-frame source (Enhanced MR), in k order, null for a single-frame source;
    /// empty when every slice is a single-frame image. SEG derivations and the SR's Image Library reference the frame.
    /// </summary>
    public IReadOnlyList<int?> SliceFrameNumbers { get; init; } = Array.Empty<int?>();

    /// <summary>
    /// True when the series holds images outside this volume: other b-values, echoes or time points of one acquisition
    /// (a DWI series with its b0 and b800 images). Viewers split such a series into dimension groups; OHIF 3.13 opens it
    /// as a dynamic volume, and its SR viewport stops responding when it shows an image region selected from one, so the
    /// SR draws such a finding's region on a series of the same grid that holds only its volume (the ADC map).
    /// </summary>
    public bool HoldsOtherImages { get; init; }

    /// <summary>The frame number of slice <paramref name="k"/> in its source image; null for a single-frame source.</summary>
    public int? FrameNumberOf(int k) => k < SliceFrameNumbers.Count ? SliceFrameNumbers[k] : null;

    /// <summary>The source images once each, in slice order, with the frames of each that the volume uses (empty for single-frame images).</summary>
    public IReadOnlyList<(string SopInstanceUid, IReadOnlyList<int> Frames)> SourceImages =>
        SliceInstanceUids
            .Select((uid, k) => (Uid: uid, Frame: FrameNumberOf(k)))
            .GroupBy(p => p.Uid, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<int>)g.Where(p => p.Frame is not null).Select(p => p.Frame!.Value).Order().ToArray()))
            .ToList();

    /// <summary>Throws when the record cannot describe a stack (a UID per slice, a study to belong to).</summary>
    internal void Validate()
    {
        if (SliceInstanceUids.Count != Geometry.Slices)
        {
            throw new ArgumentException(
                $"Series {SeriesInstanceUid}: {SliceInstanceUids.Count} slice UIDs for a volume of {Geometry.Slices} slices; give one SOP Instance UID per slice, in k order.");
        }

        if (string.IsNullOrEmpty(Instance.GetUid(DicomTags.StudyInstanceUID)))
        {
            throw new ArgumentException($"Series {SeriesInstanceUid}: the instance has no Study Instance UID (0020,000D).");
        }
    }
}
