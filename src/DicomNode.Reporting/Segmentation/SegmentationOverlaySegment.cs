namespace DicomNode.Reporting.Segmentation;

/// <summary>One segment on the drawn slice: its number and label, its pixels there, and the colour it is drawn in.</summary>
public sealed record SegmentationOverlaySegment(int Number, string Label, int Pixels, byte Red, byte Green, byte Blue);
