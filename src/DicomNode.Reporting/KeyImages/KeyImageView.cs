namespace DicomNode.Reporting.KeyImages;

/// <summary>A planned key image: which series and slice, and the scene to draw there.</summary>
/// <param name="SourceIndex">Index into the sources given to the planner.</param>
internal sealed record KeyImageView(int SourceIndex, int Slice, KeyImageScene Scene);
