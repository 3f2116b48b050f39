using System.Globalization;

namespace DicomNode.Analysis.Findings;

/// <summary>
/// The one rounding rule for lengths the node reports: 0.1 mm, halves away from zero. The SEG's segment descriptions,
/// the SR's measurements and the suspicious-node decision (<see cref="AnalysisThresholds.IsSuspicious"/>) all use it,
/// so a value never reads "8.0" in one place and counts as above 8 mm in another.
/// </summary>
public static class Measurement
{
    /// <summary>Decimal places of a reported length in mm.</summary>
    public const int LengthDecimals = 1;

    /// <summary>A length in mm as reported: rounded to 0.1 mm, halves away from zero (8.05 → 8.1, 8.04 → 8.0).</summary>
    public static double ReportedMm(double mm) => Math.Round(mm, LengthDecimals, MidpointRounding.AwayFromZero);

    /// <summary>The reported length as text, invariant culture, always one decimal ("8.0").</summary>
    public static string FormatMm(double mm) => ReportedMm(mm).ToString("0.0", CultureInfo.InvariantCulture);
}
