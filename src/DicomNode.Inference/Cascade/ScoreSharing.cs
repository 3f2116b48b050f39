using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Models whose probabilities <see cref="CascadeRunner"/> pools over the series of one acquisition, such as a DWI series
/// and the ADC map computed from it: images of the same voxels in one frame of reference. The series of an
/// acquisition then get one segmentation, decided from what each of them shows. Series that turn out not to lie on
/// one voxel grid are run apart.
/// </summary>
/// <param name="ModelIds">The manifest ids of the models to share.</param>
/// <param name="Acquisitions">The groups of sequences that are one acquisition in this study.</param>
public sealed record ScoreSharing(IReadOnlySet<string> ModelIds, IReadOnlyList<IReadOnlyList<SequenceKind>> Acquisitions)
{
    /// <summary>Every series on its own.</summary>
    public static ScoreSharing None { get; } = new(new HashSet<string>(), []);
}
