using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Imaging;

/// <summary>
/// One acquisition's grid with its truth and images: the bone labels (1–8), the lesion values (metastasis id 1–99,
/// node 100 + id) and one image per contrast (diffusion per b-value, the ADC map in 10⁻⁶ mm²/s, or T1 in-phase).
/// Index order is <see cref="VolumeGeometry.Index"/>: column fastest, then row, then slice.
/// </summary>
internal sealed record SynthesisedVolume(VolumeGeometry Geometry, byte[] Bones, byte[] Lesions, IReadOnlyDictionary<string, float[]> Images);
