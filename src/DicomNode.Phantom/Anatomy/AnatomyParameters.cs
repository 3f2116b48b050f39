namespace DicomNode.Phantom.Anatomy;

/// <summary>The shape parameters of one subject, in millimetres of the subject frame.</summary>
internal sealed record AnatomyParameters(
    double HeadRadius,
    double HeadHalfDistance,
    double WingRadiusX,
    double WingRadiusY,
    double Crest,
    double WingHalfThickness,
    double SacrumTop,
    double SacralCurve,
    double SacrumHalfWidth,
    double BodyRadiusX,
    double BodyRadiusY,
    double FatThickness,
    double BladderRadiusX,
    double BladderRadiusY,
    double BladderRadiusZ,
    double RectumRadius)
{
    /// <summary>An average adult pelvis.</summary>
    public static readonly AnatomyParameters Typical = new(23, 90, 82, 70, 108, 5.5, 72, 30, 52, 162, 118, 22, 42, 34, 32, 15);

    /// <summary>Draws each parameter around <see cref="Typical"/>; the ranges keep the bones apart and inside the body.</summary>
    public static AnatomyParameters Draw(Random random)
    {
        double Vary(double value, double fraction) => value * (1 + (((random.NextDouble() * 2) - 1) * fraction));
        var t = Typical;
        return new AnatomyParameters(
            HeadRadius: Vary(t.HeadRadius, 0.08),
            HeadHalfDistance: Vary(t.HeadHalfDistance, 0.05),
            WingRadiusX: Vary(t.WingRadiusX, 0.08),
            WingRadiusY: Vary(t.WingRadiusY, 0.08),
            Crest: Vary(t.Crest, 0.06),
            WingHalfThickness: Vary(t.WingHalfThickness, 0.15),
            SacrumTop: Vary(t.SacrumTop, 0.04),
            SacralCurve: Vary(t.SacralCurve, 0.3),
            SacrumHalfWidth: Vary(t.SacrumHalfWidth, 0.08),
            BodyRadiusX: Vary(t.BodyRadiusX, 0.08),
            BodyRadiusY: Vary(t.BodyRadiusY, 0.1),
            FatThickness: Vary(t.FatThickness, 0.45),
            BladderRadiusX: Vary(t.BladderRadiusX, 0.3),
            BladderRadiusY: Vary(t.BladderRadiusY, 0.3),
            BladderRadiusZ: Vary(t.BladderRadiusZ, 0.3),
            RectumRadius: Vary(t.RectumRadius, 0.25));
    }
}
