using DicomNode.Phantom.Anatomy;

namespace DicomNode.Phantom.Imaging;

/// <summary>
/// The MR properties a tissue is synthesised from: S0 the fat-suppressed diffusion signal at b = 0, ADC in mm²/s,
/// and the T1-weighted Dixon in-phase signal. Metastases are bright at high b, low on ADC and dark on T1 against
/// fatty marrow; nodes are bright at high b.
/// </summary>
internal readonly record struct TissueProperties(double S0, double Adc, double T1)
{
    public static TissueProperties Of(Tissue tissue) => tissue switch
    {
        Tissue.Air => new(0, 0, 0),
        Tissue.Fat => new(45, 0.5e-3, 950),
        Tissue.Muscle => new(300, 1.45e-3, 420),
        Tissue.BoneMarrow => new(130, 0.45e-3, 780),
        Tissue.Bladder => new(900, 3.0e-3, 140),
        Tissue.Rectum => new(380, 1.3e-3, 330),
        Tissue.Vessel => new(60, 2.5e-3, 230),
        Tissue.CerebrospinalFluid => new(850, 3.0e-3, 120),
        Tissue.Metastasis => new(520, 0.7e-3, 240),
        Tissue.LymphNode => new(460, 0.85e-3, 360),
        Tissue.IntervertebralDisc => new(420, 1.6e-3, 300),
        Tissue.Bowel => new(260, 1.1e-3, 380),
        _ => throw new ArgumentOutOfRangeException(nameof(tissue), tissue, null),
    };

    /// <summary>The diffusion-weighted signal at <paramref name="b"/> s/mm² (S_b = S0·exp(−b·ADC)).</summary>
    public double Diffusion(double b) => S0 * Math.Exp(-b * Adc);
}
