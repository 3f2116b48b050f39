using DicomNode.Phantom.Anatomy;

namespace DicomNode.Phantom.Lesions;

/// <summary>
/// A bone metastasis: an ellipsoid in patient coordinates clipped to the bone (label and side) it was placed in.
/// <see cref="VolumeCm3"/> is the clipped volume measured on a fine reference grid.
/// </summary>
internal sealed record Metastasis(byte Id, BoneLabel Bone, Side Side, Ellipsoid Shape, double VolumeCm3)
{
    /// <summary>The method discards components under 0.2 cm³ (DESIGN.md); smaller lesions do not count for staging.</summary>
    public const double CountingThresholdCm3 = 0.2;

    public bool Counts => VolumeCm3 >= CountingThresholdCm3;
}
