using DicomNode.Imaging;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.KeyImages;

/// <summary>An analysed series with its voxels: what a key image is drawn from and references.</summary>
/// <param name="Volume">The stacked volume <paramref name="Series"/> describes (the same grid and slice order).</param>
public sealed record KeyImageSource(SourceSeries Series, ImageVolume Volume);
