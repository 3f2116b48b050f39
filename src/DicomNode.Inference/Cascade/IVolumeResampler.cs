using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Inference.Cascade;

/// <summary>
/// Moves volumes between grids in patient space. The cascade takes it from outside so the
/// imaging library's resampler can be used; <see cref="ImagingResampler"/> is the default.
/// </summary>
public interface IVolumeResampler
{
    /// <summary>The image on <paramref name="target"/>, interpolated (trilinear); 0 outside the source.</summary>
    ImageVolume ResampleImage(ImageVolume source, VolumeGeometry target);

    /// <summary>The labels on <paramref name="target"/> (nearest neighbour or majority); 0 outside the source.</summary>
    LabelVolume ResampleLabels(LabelVolume source, VolumeGeometry target);
}
