using System.Runtime.ExceptionServices;
using DicomNode.Imaging;
using DicomNode.Imaging.Normalization;
using DicomNode.Imaging.Selection;
using DicomNode.Imaging.Series;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// A study's inputs to the cascade: the series chosen for each role and the volume built from each (the DWI at the
/// chosen b-value). <see cref="Files"/> keeps the paths each volume was read from, for the writers that reference
/// the source images.
/// </summary>
public sealed record StudyInputs(
    SelectionResult Selection,
    IReadOnlyDictionary<SequenceKind, ImageVolume> Volumes,
    IReadOnlyDictionary<SequenceKind, SelectedSeries> Series)
{
    /// <summary>Reads the headers of <paramref name="files"/>, selects the series and builds their volumes.</summary>
    /// <exception cref="SeriesGeometryException">A selected series cannot be stacked into a volume.</exception>
    public static async Task<StudyInputs> LoadAsync(IEnumerable<string> files, SelectionRules? rules = null, CancellationToken cancellationToken = default) =>
        Load(await SelectAsync(files, rules, cancellationToken).ConfigureAwait(false), cancellationToken);

    /// <summary>Reads the headers of <paramref name="files"/> and chooses the series for each role; no pixel data is read.</summary>
    public static async Task<SelectionResult> SelectAsync(IEnumerable<string> files, SelectionRules? rules = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<SeriesSummary> summaries = await SeriesSummaryReader.ReadFilesAsync(files, cancellationToken).ConfigureAwait(false);
        return SeriesSelector.Select(summaries, rules);
    }

    /// <summary>Builds the volume of every series <paramref name="selection"/> chose.</summary>
    /// <exception cref="SeriesGeometryException">A selected series cannot be stacked into a volume.</exception>
    public static StudyInputs Load(SelectionResult selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        cancellationToken.ThrowIfCancellationRequested();
        // The series are read side by side, the calling thread among the readers (the cores have nothing else to do
        // before the models run); what they hold, and the first failure in the selection's order, are what one after
        // the other would give.
        var chosen = selection.Selected.ToList();
        var read = new ImageVolume[chosen.Count];
        var failures = new ExceptionDispatchInfo?[chosen.Count];
        Parallel.For(0, chosen.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            try
            {
                read[i] = Read(chosen[i].Key, chosen[i].Value);
            }
            catch (Exception e)
            {
                failures[i] = ExceptionDispatchInfo.Capture(e);
            }
        });
        failures.FirstOrDefault(f => f is not null)?.Throw();

        var volumes = new Dictionary<SequenceKind, ImageVolume>();
        var series = new Dictionary<SequenceKind, SelectedSeries>();
        for (int i = 0; i < chosen.Count; i++)
        {
            SequenceKind kind = KindOf(chosen[i].Key);
            volumes[kind] = read[i];
            series[kind] = chosen[i].Value;
        }

        return new StudyInputs(selection, volumes, series);
    }

    private static SequenceKind KindOf(SeriesRole role) => role switch
    {
        SeriesRole.DwiHighB => SequenceKind.Dwi,
        SeriesRole.Adc => SequenceKind.Adc,
        _ => SequenceKind.T1InPhase,
    };

    private static ImageVolume Read(SeriesRole role, SelectedSeries chosen)
    {
        // Only the frames of the chosen b-value are read: the other b-values and raw directions are not needed.
        IReadOnlyList<ImageVolume> built = new SeriesVolumeBuilder().Build(
            chosen.Series.Files,
            chosen.BValue is { } wanted ? f => f.Diffusion.BValue is { } fb && Math.Abs(fb - wanted) < 1e-3 && f.Diffusion.Directionality != Imaging.Frames.DiffusionDirectionality.Directional : null);
        ImageVolume volume = Choose(built, chosen.BValue);
        return KindOf(role) == SequenceKind.Adc ? AdcUnits.Normalize(volume) : volume;
    }

    private static ImageVolume Choose(IReadOnlyList<ImageVolume> built, double? bValue)
    {
        if (bValue is not { } b)
        {
            return built[^1];
        }

        return built
            .Where(v => v.BValue is { } vb && Math.Abs(vb - b) < 1e-3)
            .OrderBy(v => v.Diffusion?.Directionality == Imaging.Frames.DiffusionDirectionality.Directional ? 1 : 0)
            .FirstOrDefault() ?? built[^1];
    }
}
