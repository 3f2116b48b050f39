using DicomNode.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;

namespace DicomNode.Inference.Cascade;

/// <summary>The cascade's resampling through patient space: trilinear for images, nearest for labels (the imaging library's).</summary>
public sealed class ImagingResampler : IVolumeResampler
{
    public static ImagingResampler Instance { get; } = new();

    public ImageVolume ResampleImage(ImageVolume source, VolumeGeometry target) => ImageResampler.Trilinear(source, target);

    public LabelVolume ResampleLabels(LabelVolume source, VolumeGeometry target) => LabelResampler.Nearest(source, target);
}
