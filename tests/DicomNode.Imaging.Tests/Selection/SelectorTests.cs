using DicomNode.Dicom;
using DicomNode.Dicom.Dictionary;
using DicomNode.Imaging.Selection;

namespace DicomNode.Imaging.Tests.Selection;

public sealed class SelectorTests
{
    [Fact]
    public void BValue_FromEachTagConvention_IsReadAlone()
    {
        var standard = Instance("1.1", 1, "std", d => d.SetDouble(DicomTags.DiffusionBValue, 1000));
        var ge = Instance("1.2", 2, "ge", d => d.SetString(d.ReservePrivateTag(0x0043, "GEMS_PARM_01", 0x39), DicomVR.IS, "1000000800\\8\\0\\0"));
        var geUnbiased = Instance("1.3", 3, "ge plain", d => d.SetString(d.ReservePrivateTag(0x0043, "GEMS_PARM_01", 0x39), DicomVR.IS, "600\\8\\0\\0"));
        var siemens = Instance("1.4", 4, "siemens", d => d.SetIntegerStrings(d.ReservePrivateTag(0x0019, "SIEMENS MR HEADER", 0x0C), 1400));
        var philips = Instance("1.5", 5, "philips", d => d.SetSingle(d.ReservePrivateTag(0x2001, "Philips Imaging DD 001", 0x03), 1000f));

        var summaries = SeriesSummaryReader.FromDatasets([standard, ge, geUnbiased, siemens, philips]);

        Assert.Equal([1000.0], summaries.Single(s => s.SeriesNumber == 1).BValues);
        Assert.Equal([800.0], summaries.Single(s => s.SeriesNumber == 2).BValues);
        Assert.Equal([600.0], summaries.Single(s => s.SeriesNumber == 3).BValues);
        Assert.Equal([1400.0], summaries.Single(s => s.SeriesNumber == 4).BValues);
        Assert.Equal([1000.0], summaries.Single(s => s.SeriesNumber == 5).BValues);
    }

    [Fact]
    public void BValue_PrivateElementUnderAnotherCreator_IsIgnored()
    {
        // (0019,100C) means B Value only in the block reserved by "SIEMENS MR HEADER".
        var d = Instance("1.1", 1, "x", d => d.SetIntegerStrings(d.ReservePrivateTag(0x0019, "SOME OTHER VENDOR", 0x0C), 1000));

        Assert.Empty(SeriesSummaryReader.FromDatasets([d]).Single().BValues);
    }

    [Fact]
    public void Summary_MultiBSeries_CountsInstancesPerBValue()
    {
        var instances = Enumerable.Range(0, 10).Select(i => Instance("1.1", 4, "Ax DWI", d => d.SetDouble(DicomTags.DiffusionBValue, i < 4 ? 0 : i < 7 ? 50 : 800)));

        var summary = SeriesSummaryReader.FromDatasets(instances).Single();

        Assert.Equal(10, summary.InstanceCount);
        Assert.Equal([0.0, 50.0, 800.0], summary.BValues);
        Assert.Equal(3, summary.InstancesPerBValue[800]);
    }

    [Fact]
    public void Select_MultiBSeries_ChoosesTheBValueInTheTargetWindowOverAHigherOne()
    {
        // Issue 18: b=1400 was chosen over b=800; the models expect 800–1000.
        var dwi = Summary("1.1", 4, "Ax DWI", ["ORIGINAL", "PRIMARY", "OTHER"], (0, 20), (50, 20), (1400, 20), (800, 20));

        var result = SeriesSelector.Select([dwi, Adc(), T1()]);

        Assert.Same(dwi, result.DwiHighB!.Series);
        Assert.Equal(800, result.DwiHighB.BValue);
        Assert.Contains("in the target window 800–1000", result.DwiHighB.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_OnlyAHigherBValue_ChoosesItAndSaysTheWindowWasEmpty()
    {
        var dwi = Summary("1.1", 4, "Ax DWI", [], (0, 20), (1400, 20), (2000, 20));

        var result = SeriesSelector.Select([dwi, Adc(), T1()]);

        Assert.Equal(1400, result.DwiHighB!.BValue);
        Assert.Contains("no acquired image in the target window", result.DwiHighB.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_CalculatedBValueInWindow_LosesToAnAcquiredOne()
    {
        var acquired = Summary("1.1", 7, "ep2d_diff_tra", [], (50, 19), (800, 19));
        var calculated = Summary("1.2", 9, "ep2d_diff_traCALC_BVAL", [], (1000, 19));

        var result = SeriesSelector.Select([acquired, calculated, Adc(), T1()]);

        Assert.Same(acquired, result.DwiHighB!.Series);
        Assert.Contains("preferred over series 9 'ep2d_diff_traCALC_BVAL' b=1000 for an acquired b-value in the target window", result.DwiHighB.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_SeparateSeriesPerB_ChoosesTheHighestBSeriesAndSaysWhy()
    {
        var b800 = Summary("1.1", 5, "DWI_b800", [], (800, 20));
        var b1000 = Summary("1.2", 6, "DWI_b1000", [], (1000, 20));

        var result = SeriesSelector.Select([b800, b1000, Adc(), T1()]);

        Assert.Same(b1000, result.DwiHighB!.Series);
        Assert.Contains("preferred over series 5 'DWI_b800' b=800 for a higher b-value in the window, or one nearer to it", result.DwiHighB.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_TiedDwi_PrefersMoreInstancesThenLowerSeriesNumber()
    {
        var small = Summary("1.1", 3, "DWI", [], (800, 20));
        var large = Summary("1.2", 9, "DWI", [], (800, 24));
        var twin = Summary("1.3", 7, "DWI", [], (800, 24));

        var result = SeriesSelector.Select([small, large, twin, Adc(), T1()]);

        Assert.Same(twin, result.DwiHighB!.Series);
        Assert.EndsWith("for a lower series number", result.DwiHighB.Reason, StringComparison.Ordinal);
        var shuffled = SeriesSelector.Select([T1(), twin, Adc(), small, large]);
        Assert.Equal(twin.SeriesInstanceUid, shuffled.DwiHighB!.Series.SeriesInstanceUid);
    }

    [Fact]
    public void Select_TiedDwi_PrefersTraceWeightedOverUnrecognised()
    {
        var directional = Summary("1.1", 3, "ep2d_b800_dir", ["ORIGINAL", "PRIMARY", "OTHER"], (800, 60));
        var trace = Summary("1.2", 4, "ep2d_b800", ["ORIGINAL", "PRIMARY", "DIFFUSION", "TRACEW"], (800, 20));

        var result = SeriesSelector.Select([directional, trace, Adc(), T1()]);

        Assert.Same(trace, result.DwiHighB!.Series);
    }

    [Fact]
    public void Select_DwiBelowMinimumOnly_ReportsDwiMissingWithHighestBFound()
    {
        var low = Summary("1.1", 4, "DWI b400", [], (0, 20), (400, 20));

        var result = SeriesSelector.Select([low, Adc(), T1()]);

        Assert.Null(result.DwiHighB);
        var missing = Assert.Single(result.Check.Missing);
        Assert.Equal(SeriesRole.DwiHighB, missing.Role);
        Assert.Equal("no DWI with b ≥ 500 s/mm²: the highest b-value found is 400 in series 4 'DWI b400'; "
            + "looked in (0018,9087) and the MR Diffusion Sequence, GE (0043,1039), Siemens (0019,100C) and its CSA header, Philips (2001,1003)", missing.Message);
    }

    [Fact]
    public void Select_AdcCarryingBValues_IsNotTakenForDwi()
    {
        var adc = Summary("1.9", 400, "ADC (10^-6 mm2/s)", ["DERIVED", "PRIMARY", "DIFFUSION", "ADC"], (1000, 25));

        var result = SeriesSelector.Select([adc, T1()]);

        Assert.Same(adc, result.Adc!.Series);
        Assert.Equal(SeriesRole.DwiHighB, Assert.Single(result.Check.Missing).Role);
    }

    [Theory]
    [InlineData("t1_vibe_dixon_tra_in", new string[0], true)]
    [InlineData("Ax LAVA-Flex InPhase", new string[0], true)]
    [InlineData("T1_DIXON_IN", new string[0], true)]
    [InlineData("in", new string[0], true)]
    [InlineData("mDIXON_T1_tra", new[] { "ORIGINAL", "PRIMARY", "M_IP", "M", "IP" }, true)]
    [InlineData("t1_vibe_dixon_tra_opp", new[] { "DERIVED", "PRIMARY", "DIXON", "OPP_PHASE" }, false)]
    [InlineData("Ax LAVA-Flex OutPhase", new string[0], false)]
    [InlineData("t1_vibe_dixon_tra_W", new[] { "DERIVED", "PRIMARY", "DIXON", "WATER" }, false)]
    [InlineData("T2 tse tra", new string[0], false)]
    public void LooksLikeDixonInPhase_FollowsVendorNaming(string description, string[] imageType, bool expected) =>
        Assert.Equal(expected, Summary("1.1", 1, description, imageType).LooksLikeDixonInPhase);

    [Theory]
    [InlineData("dADC", new string[0], true)]
    [InlineData("ep2d_diff_tra_ADC", new[] { "DERIVED", "PRIMARY", "DIFFUSION", "ADC" }, true)]
    [InlineData("Apparent Diffusion Coefficient", new string[0], true)]
    [InlineData("series 9", new[] { "DERIVED", "PRIMARY", "DIFFUSION MAP" }, true)]
    [InlineData("ep2d_diff_tra_EADC", new[] { "DERIVED", "PRIMARY", "DIFFUSION", "EADC" }, false)]
    [InlineData("Ax DWI b800", new[] { "ORIGINAL", "PRIMARY", "OTHER" }, false)]
    public void LooksLikeAdcMap_FollowsVendorNaming(string description, string[] imageType, bool expected) =>
        Assert.Equal(expected, Summary("1.1", 1, description, imageType).LooksLikeAdcMap);

    [Fact]
    public void Select_NonMrSeries_IsIgnored()
    {
        var ct = Summary("1.5", 2, "ADC", ["DERIVED", "PRIMARY", "ADC"]) with { Modality = "CT" };

        var result = SeriesSelector.Select([ct]);

        Assert.Equal([SeriesRole.DwiHighB, SeriesRole.Adc, SeriesRole.T1InPhase], result.Check.Missing.Select(m => m.Role));
    }

    [Fact]
    public void Rules_FromJson_OverrideMinimumRequiredRolesAndPatterns()
    {
        const string json = """
            {
              // site rules: b 1000 only, T1 not required, a local ADC naming
              "minimumHighB": 1000,
              "required": ["DwiHighB", "Adc"],
              "adc": { "descriptions": ["^DiffMap$"] },
            }
            """;

        var rules = SelectionRules.FromJson(json);
        var b800 = Summary("1.1", 4, "DWI", [], (800, 20));
        var map = Summary("1.2", 5, "DiffMap", []);
        var result = SeriesSelector.Select([b800, map, Adc()], rules);

        Assert.Equal(1000, rules.MinimumHighB);
        Assert.Equal(SelectionRules.Default.Dwi.Describe(), rules.Dwi.Describe());
        Assert.Same(map, result.Adc!.Series);
        var missing = Assert.Single(result.Check.Missing);
        Assert.Equal(SeriesRole.DwiHighB, missing.Role);
        Assert.StartsWith("no DWI with b ≥ 1000 s/mm²: the highest b-value found is 800", missing.Message, StringComparison.Ordinal);
        Assert.Null(result.T1InPhase);
    }

    [Fact]
    public void Rules_DefaultRoundTripThroughJson_AreEquivalent()
    {
        var again = SelectionRules.FromJson(SelectionRules.Default.ToJson());

        Assert.Equal(SelectionRules.Default.MinimumHighB, again.MinimumHighB);
        Assert.Equal(SelectionRules.Default.Required, again.Required);
        Assert.Equal(SelectionRules.Default.T1InPhase.Descriptions, again.T1InPhase.Descriptions);
        Assert.Contains("\"DwiHighB\"", SelectionRules.Default.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rules_WithInvalidPattern_NameItInTheError()
    {
        var e = Assert.Throws<ArgumentException>(() => SelectionRules.FromJson("""{ "adc": { "descriptions": ["(unclosed"] } }"""));

        Assert.Contains("(unclosed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingAdc_MessageSaysWhatWasLookedFor()
    {
        var result = SeriesSelector.Select([Summary("1.1", 4, "DWI", [], (800, 20)), T1()]);

        var missing = Assert.Single(result.Check.Missing);
        Assert.Equal("no ADC map: looked for ImageType ADC or DIFFUSION MAP, or descriptions matching 'adc', 'apparent[ _-]?diff'", missing.Message);
        // Issue 19: what a report says leaves the configured patterns out.
        Assert.Equal("no ADC map", missing.ReportText);
    }

    private static SeriesSummary Adc() => Summary("9.1", 400, "ADC", ["DERIVED", "PRIMARY", "DIFFUSION", "ADC"]);

    private static SeriesSummary T1() => Summary("9.2", 6, "Ax LAVA-Flex InPhase", ["ORIGINAL", "PRIMARY", "OTHER", "IN_PHASE"]);

    private static SeriesSummary Summary(string uid, int number, string description, string[] imageType, params (double B, int Count)[] perB) =>
        new(uid, number, description, "MR", imageType, perB.ToDictionary(p => p.B, p => p.Count), Math.Max(1, perB.Sum(p => p.Count)));

    private static int _nextSlice;

    private static DicomDataset Instance(string seriesUid, int number, string description, Action<DicomDataset> configure)
    {
        var d = new DicomDataset();
        d.SetUid(DicomTags.SeriesInstanceUID, seriesUid);
        d.SetIntegerStrings(DicomTags.SeriesNumber, number);
        d.SetString(DicomTags.SeriesDescription, description);
        d.SetString(DicomTags.Modality, "MR");
        d.SetUid(DicomTags.SOPClassUID, DicomUids.MRImageStorage);
        d.SetUInt16(DicomTags.Rows, 4);
        d.SetUInt16(DicomTags.Columns, 4);
        d.SetDecimalStrings(DicomTags.ImageOrientationPatient, 1, 0, 0, 0, 1, 0);
        d.SetDecimalStrings(DicomTags.PixelSpacing, 1, 1);
        // Each image its own slice position, so that every series is one image per location.
        d.SetDecimalStrings(DicomTags.ImagePositionPatient, 0, 0, Interlocked.Increment(ref _nextSlice));
        configure(d);
        return d;
    }
}
