using DicomNode.Imaging.Normalization;
using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>The manifest's normalization methods, done in place by the imaging library.</summary>
public sealed class ImagingNormalizer : IIntensityNormalizer
{
    public static ImagingNormalizer Instance { get; } = new();

    public void Normalize(Span<float> voxels, Normalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        if (voxels.IsEmpty)
        {
            return;
        }

        switch (normalization.Method)
        {
            case NormalizationMethod.MinMax:
                IntensityNormalization.MinMax(voxels, voxels);
                break;
            case NormalizationMethod.ZScore:
                IntensityNormalization.ZScore(voxels, voxels);
                break;
            case NormalizationMethod.Percentile:
                IntensityNormalization.PercentileMinMax(voxels, voxels, normalization.LowerPercentile, normalization.UpperPercentile);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(normalization), normalization.Method, "Unknown normalization method.");
        }
    }
}
