using DicomNode.Imaging;
using DicomNode.Imaging.Selection;
using DicomNode.Inference.Cascade;
using DicomNode.Inference.Manifest;
using DicomNode.Phantom;

namespace DicomNode.Workflow.Tests.Pipeline;

/// <summary>
/// The selected series of a study are read side by side: each gives what reading it alone gives, and a series that
/// cannot be read fails the load with its own exception, the first in the selection's order, as reading it alone would.
/// </summary>
public sealed class StudyInputsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-inputs-").FullName;
    private readonly string _study;

    public StudyInputsTests()
    {
        _study = PhantomGenerator.Generate(10003, "philips", Path.Combine(_folder, "phantoms"));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Load_SideBySide_GivesEachSeriesAsReadAlone()
    {
        SelectionResult selection = await Select();

        StudyInputs inputs = StudyInputs.Load(selection);

        Assert.Equal(3, inputs.Volumes.Count);
        foreach ((SeriesRole role, SelectedSeries chosen) in selection.Selected)
        {
            ImageVolume alone = Assert.Single(StudyInputs.Load(Only(selection, role)).Volumes).Value;
            ImageVolume together = inputs.Volumes[Kind(role)];
            Assert.Equal(alone.Geometry.Affine, together.Geometry.Affine);
            Assert.Equal(alone.Voxels, together.Voxels);
            Assert.Same(chosen, inputs.Series[Kind(role)]);
        }
    }

    [Fact]
    public async Task Load_WhenSeriesCannotBeRead_ThrowsTheFirstOnesOwnException()
    {
        SelectionResult selection = await Select();
        foreach (SeriesRole broken in selection.Selected.Keys.Where(r => Kind(r) != SequenceKind.Adc))
        {
            // One file of each: the headers were read by the selection; its pixel data is cut short.
            using var stream = new FileStream(selection.Selected[broken].Series.Files[0], FileMode.Open, FileAccess.Write);
            stream.SetLength(stream.Length / 2);
        }

        SeriesRole first = selection.Selected.Keys.First(r => Kind(r) is SequenceKind.Dwi or SequenceKind.T1InPhase);
        Exception alone = Assert.ThrowsAny<Exception>(() => StudyInputs.Load(Only(selection, first)));
        Exception together = Assert.ThrowsAny<Exception>(() => StudyInputs.Load(selection));

        // Whatever the reader throws (its own parallel loop may wrap it), the load adds no wrapper and no second failure.
        Assert.Equal(Describe(alone), Describe(together));
    }

    private static string Describe(Exception e) => e is AggregateException aggregate
        ? "aggregate of " + string.Join(" | ", aggregate.Flatten().InnerExceptions.Select(Describe))
        : $"{e.GetType().Name}: {e.Message}";

    private Task<SelectionResult> Select() =>
        StudyInputs.SelectAsync(Directory.GetFiles(Path.Combine(_study, "dicom"), "*.dcm", SearchOption.AllDirectories));

    private static SelectionResult Only(SelectionResult selection, SeriesRole role) =>
        selection with { Selected = new Dictionary<SeriesRole, SelectedSeries> { [role] = selection.Selected[role] } };

    private static SequenceKind Kind(SeriesRole role) => role switch
    {
        SeriesRole.DwiHighB => SequenceKind.Dwi,
        SeriesRole.Adc => SequenceKind.Adc,
        _ => SequenceKind.T1InPhase,
    };
}
