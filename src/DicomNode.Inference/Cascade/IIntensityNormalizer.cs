using DicomNode.Inference.Manifest;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Normalizes a model input in place as the manifest says. The cascade takes it from outside so
/// the imaging library's normalizer can be used; <see cref="ImagingNormalizer"/> is the default.
/// </summary>
public interface IIntensityNormalizer
{
    void Normalize(Span<float> voxels, Normalization normalization);
}
