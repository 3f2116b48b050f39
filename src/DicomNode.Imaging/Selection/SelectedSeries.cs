namespace DicomNode.Imaging.Selection;

/// <summary>
/// The series chosen for a role; <see cref="BValue"/> is the b-value to use for DWI (one series may hold several),
/// null for the other roles. <see cref="Reason"/> says why this series, and over which runner-up.
/// </summary>
public sealed record SelectedSeries(SeriesRole Role, SeriesSummary Series, double? BValue, string Reason);
