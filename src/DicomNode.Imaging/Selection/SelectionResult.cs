namespace DicomNode.Imaging.Selection;

/// <summary>The series chosen per role (absent when none qualified) and the protocol check built from them.</summary>
public sealed record SelectionResult(IReadOnlyDictionary<SeriesRole, SelectedSeries> Selected, ProtocolCheck Check)
{
    /// <summary>Series and objects the selection left out and why (raw directional data, presentation states, maps), one line each.</summary>
    public IReadOnlyList<string> Notes { get; init; } = Array.Empty<string>();

    public SelectedSeries? DwiHighB => Selected.GetValueOrDefault(SeriesRole.DwiHighB);

    public SelectedSeries? Adc => Selected.GetValueOrDefault(SeriesRole.Adc);

    public SelectedSeries? T1InPhase => Selected.GetValueOrDefault(SeriesRole.T1InPhase);
}
