using DicomNode.Analysis.Findings;

namespace DicomNode.Analysis.Tests.Findings;

/// <summary>Issue 19: "> 8 mm" is applied to the short axis as reported (0.1 mm), the value the radiologist reads.</summary>
public sealed class MeasurementTests
{
    [Theory]
    [InlineData(8.0, "8.0", false)]
    [InlineData(8.04, "8.0", false)]
    [InlineData(8.0499, "8.0", false)]
    [InlineData(8.05, "8.1", true)]
    [InlineData(8.06, "8.1", true)]
    [InlineData(7.96, "8.0", false)]
    [InlineData(12.25, "12.3", true)]
    public void AShortAxis_IsSuspiciousExactlyWhenItsReportedTextIsAboveEight(double shortAxisMm, string reported, bool suspicious)
    {
        var thresholds = new AnalysisThresholds();

        Assert.Equal(reported, Measurement.FormatMm(shortAxisMm));
        Assert.Equal(suspicious, thresholds.IsSuspicious(shortAxisMm));
        Assert.Equal(double.Parse(reported, System.Globalization.CultureInfo.InvariantCulture) > 8, thresholds.IsSuspicious(shortAxisMm));
    }

    [Fact]
    public void ReportedMm_RoundsHalvesAwayFromZero_NotToEven()
    {
        Assert.Equal(8.1, Measurement.ReportedMm(8.05));
        Assert.Equal(8.3, Measurement.ReportedMm(8.25));
        Assert.Equal(-8.3, Measurement.ReportedMm(-8.25));
    }
}
