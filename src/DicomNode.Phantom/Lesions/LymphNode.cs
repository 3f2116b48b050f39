using DicomNode.Phantom.Anatomy;

namespace DicomNode.Phantom.Lesions;

/// <summary>
/// A lymph node: an ellipsoid of random orientation in patient coordinates. Its minimum-volume bounding box is the
/// box of its principal axes, so the short and long axis diameters are twice the smallest and largest semi-axes.
/// </summary>
internal sealed record LymphNode(byte Id, string Chain, Side Side, Ellipsoid Shape)
{
    /// <summary>Short axis above 8 mm is suspicious (DESIGN.md).</summary>
    public const double SuspiciousShortAxisMm = 8;

    public double ShortAxisMm => 2 * Math.Min(Shape.Radii.X, Math.Min(Shape.Radii.Y, Shape.Radii.Z));

    public double LongAxisMm => 2 * Math.Max(Shape.Radii.X, Math.Max(Shape.Radii.Y, Shape.Radii.Z));

    public double VolumeCm3 => Shape.Volume / 1000;

    public bool Suspicious => ShortAxisMm > SuspiciousShortAxisMm;
}
