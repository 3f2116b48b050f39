using DicomNode.Analysis.Evaluation;

namespace DicomNode.Analysis.Tests.Evaluation;

public sealed class StatisticsTests
{
    [Fact]
    public void Auc_OfHanleyAndMcNeilsRatingExample_Is0Point893()
    {
        // Hanley & McNeil (Radiology 1982), 109 CT images rated 1–5: 58 normal (33, 6, 6, 11, 2) and
        // 51 abnormal (3, 2, 2, 11, 33). Pairs won plus half the ties: 2642 of 51 × 58 = 2958.
        var patients = new List<(bool, double)>();
        int[] normal = [33, 6, 6, 11, 2];
        int[] abnormal = [3, 2, 2, 11, 33];
        for (int rating = 1; rating <= 5; rating++)
        {
            patients.AddRange(Enumerable.Repeat((false, (double)rating), normal[rating - 1]));
            patients.AddRange(Enumerable.Repeat((true, (double)rating), abnormal[rating - 1]));
        }

        Assert.Equal(2642.0 / 2958, ReceiverOperatingCharacteristic.Auc(patients)!.Value, 1e-12);
    }

    [Fact]
    public void Auc_OfSeparatedTiedAndOneClassScores()
    {
        Assert.Equal(1.0, ReceiverOperatingCharacteristic.Auc([(true, 3), (true, 2), (false, 1), (false, 0)]));
        Assert.Equal(0.0, ReceiverOperatingCharacteristic.Auc([(true, 0), (false, 1)]));
        Assert.Equal(0.5, ReceiverOperatingCharacteristic.Auc([(true, 0), (true, 0), (false, 0)]));
        Assert.Null(ReceiverOperatingCharacteristic.Auc([(true, 1), (true, 2)]));
        Assert.Throws<ArgumentException>(() => ReceiverOperatingCharacteristic.Auc([(true, double.NaN), (false, 1)]));
    }

    [Fact]
    public void SensitivityAndSpecificity_ComeFromTheTwoByTwoTable()
    {
        var calls = Enumerable.Repeat((true, true), 8).Concat(Enumerable.Repeat((true, false), 2))
            .Concat(Enumerable.Repeat((false, false), 15)).Concat(Enumerable.Repeat((false, true), 5));

        var table = DiagnosticCounts.From(calls);

        Assert.Equal(new DiagnosticCounts(8, 2, 15, 5), table);
        Assert.Equal(0.8, table.Sensitivity!.Value, 1e-12);
        Assert.Equal(0.75, table.Specificity!.Value, 1e-12);
        Assert.Null(DiagnosticCounts.From([(false, false)]).Sensitivity);
    }

    [Fact]
    public void Kappa_OfTheTwoByTwoTextbookTable_IsZeroPointFour()
    {
        // 50 items: both yes 20, yes/no 5, no/yes 10, both no 15. p_o = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5.
        var ratings = Pairs(("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15));

        var kappa = CohenKappa.Of(ratings);

        Assert.Equal(0.7, kappa.ObservedAgreement!.Value, 1e-12);
        Assert.Equal(0.5, kappa.ExpectedAgreement!.Value, 1e-12);
        Assert.Equal(0.4, kappa.Kappa!.Value, 1e-12);
    }

    [Fact]
    public void Kappa_OverThreeCategories()
    {
        // Rows first rater, columns second: [[10, 2, 0], [1, 8, 3], [0, 2, 4]], n = 30.
        // p_o = 22/30; marginals (12, 12, 6) and (11, 12, 7): p_e = 318/900; κ = (660 − 318)/(900 − 318) = 342/582.
        var ratings = Pairs(
            ("N0", "N0", 10), ("N0", "N1", 2),
            ("N1", "N0", 1), ("N1", "N1", 8), ("N1", "N2", 3),
            ("N2", "N1", 2), ("N2", "N2", 4));

        Assert.Equal(342.0 / 582, CohenKappa.Of(ratings).Kappa!.Value, 1e-12);
    }

    [Fact]
    public void Kappa_WhenEveryoneAgreesOnOneCategory_IsOne()
    {
        var kappa = CohenKappa.Of(Pairs(("M0", "M0", 7)));

        Assert.Equal(1.0, kappa.ObservedAgreement);
        Assert.Equal(1.0, kappa.ExpectedAgreement);
        Assert.Equal(1.0, kappa.Kappa);
        Assert.Equal(1.0, CohenKappa.Of(Pairs(("M0", "M0", 3), ("M1b", "M1b", 2))).Kappa);
        Assert.Null(CohenKappa.Of(Array.Empty<(string, string)>()).Kappa);
    }

    [Fact]
    public void BlandAltman_GivesBiasSampleSdAndLimits()
    {
        // Differences 2, 1, −1, 3, 0: bias 1; squared deviations sum to 10, SD = √(10/4).
        var analysis = BlandAltmanAnalysis.Of([(10, 8), (12, 11), (9, 10), (15, 12), (11, 11)]);
        double sd = Math.Sqrt(2.5);

        Assert.Equal(5, analysis.Count);
        Assert.Equal(1.0, analysis.Bias!.Value, 1e-12);
        Assert.Equal(sd, analysis.StandardDeviation!.Value, 1e-12);
        Assert.Equal(1 - (1.96 * sd), analysis.LowerLimit!.Value, 1e-12);
        Assert.Equal(1 + (1.96 * sd), analysis.UpperLimit!.Value, 1e-12);
        Assert.Equal(new BlandAltmanPoint(9, 2), analysis.Points[0]);
        Assert.Equal(new BlandAltmanPoint(9.5, -1), analysis.Points[2]);
    }

    [Fact]
    public void BlandAltman_OfOneOrNoPairs_HasNoLimits()
    {
        var one = BlandAltmanAnalysis.Of([(3, 1)]);
        var none = BlandAltmanAnalysis.Of([]);

        Assert.Equal(2.0, one.Bias);
        Assert.Null(one.StandardDeviation);
        Assert.Null(one.UpperLimit);
        Assert.Null(none.Bias);
    }

    [Fact]
    public void Summary_LeavesUndefinedValuesOutAndCountsThem()
    {
        var summary = SampleSummary.Of([1, 2, null, 3, 4]);

        Assert.Equal((4, 1), (summary.Count, summary.Undefined));
        Assert.Equal(2.5, summary.Mean!.Value, 1e-12);
        Assert.Equal(Math.Sqrt(5.0 / 3), summary.StandardDeviation!.Value, 1e-12);
        Assert.Null(SampleSummary.Of([7]).StandardDeviation);
        Assert.Null(SampleSummary.Of([null]).Mean);
    }

    private static List<(string, string)> Pairs(params (string A, string B, int Count)[] cells) =>
        cells.SelectMany(c => Enumerable.Repeat((c.A, c.B), c.Count)).ToList();
}
