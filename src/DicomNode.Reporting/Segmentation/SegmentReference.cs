namespace DicomNode.Reporting.Segmentation;

/// <summary>One segment of a written SEG, as the SR refers to it.</summary>
/// <param name="Number">Segment Number (0062,0004), 1-based.</param>
/// <param name="TrackingId">Tracking ID (0062,0020); the SR's Tracking Identifier of the same finding.</param>
/// <param name="TrackingUid">Tracking UID (0062,0021); the SR's Tracking Unique Identifier of the same finding.</param>
public sealed record SegmentReference(int Number, string Label, string TrackingId, string TrackingUid);
