using DicomNode.Dicom;
using DicomNode.Imaging.Selection;

namespace DicomNode.Imaging.Tests.Selection;

/// <summary>Issue 6 acceptance (c): the right series are picked on every vendor profile, and a removed one is named.</summary>
[Collection(PhantomStudiesCollection.Name)]
public sealed class PhantomSelectionTests(PhantomStudies shared)
{
    private readonly PhantomSelectionStudies studies = new(shared);

    public static TheoryData<string> Profiles => new() { "ge", "philips", "siemens" };

    public static TheoryData<string, SeriesRole> ProfilesAndRoles
    {
        get
        {
            var data = new TheoryData<string, SeriesRole>();
            foreach (var profile in new[] { "ge", "philips", "siemens" })
            {
                foreach (var role in Enum.GetValues<SeriesRole>())
                {
                    data.Add(profile, role);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Select_OnPhantomStudy_PicksTheSeriesThePhantomWroteForEachRole(string profile)
    {
        var study = studies.Studies[profile];
        var summaries = await SeriesSummaryReader.ReadFolderAsync(study.DicomFolder);

        var result = SeriesSelector.Select(summaries);

        Assert.True(result.Check.IsComplete, string.Join("; ", result.Check.Lines));
        Assert.Empty(result.Check.Missing);
        var expectedDwi = study.Series.Where(s => s.Content == "Diffusion").OrderByDescending(s => s.BValues.Max()).First();
        AssertChosen(study, expectedDwi, result.DwiHighB);
        Assert.Equal(expectedDwi.BValues.Max(), result.DwiHighB!.BValue);
        Assert.True(result.DwiHighB.BValue >= 800);
        AssertChosen(study, study.Series.Single(s => s.Content == "Adc"), result.Adc);
        AssertChosen(study, study.Series.Single(s => s.Content == "T1InPhase"), result.T1InPhase);
        Assert.Equal(3, result.Check.Found.Count);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Summaries_OnPhantomStudy_ReadBValuesAndKindsFromHeaders(string profile)
    {
        var study = studies.Studies[profile];
        var summaries = await SeriesSummaryReader.ReadFolderAsync(study.DicomFolder);

        Assert.Equal(study.Series.Count, summaries.Count);
        foreach (var truth in study.Series)
        {
            var summary = summaries.Single(s => s.SeriesNumber == truth.Number);
            Assert.Equal(truth.Description, summary.Description);
            Assert.Equal("MR", summary.Modality);
            Assert.Equal(truth.Instances, summary.InstanceCount);
            Assert.Equal(Directory.GetFiles(Path.Combine(study.Folder, truth.Folder)).Length, summary.Files.Count);
            Assert.Equal(truth.Content == "Adc", summary.LooksLikeAdcMap);
            Assert.Equal(truth.Content == "T1InPhase", summary.LooksLikeDixonInPhase);
            if (truth.Content == "Diffusion")
            {
                Assert.Equal(truth.BValues.Order(), summary.BValues);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ProfilesAndRoles))]
    public async Task Select_WithOneRoleSeriesRemoved_ProtocolCheckNamesExactlyThatRole(string profile, SeriesRole removed)
    {
        var study = studies.Studies[profile];
        var complete = SeriesSelector.Select(await SeriesSummaryReader.ReadFolderAsync(study.DicomFolder));
        var removedSeries = complete.Selected[removed].Series;
        var copy = Path.Combine(studies.Root, "without", $"{profile}-{removed}");
        foreach (var folder in Directory.GetDirectories(study.DicomFolder))
        {
            if (Directory.GetFiles(folder).Order(StringComparer.Ordinal).First() is var first
                && DicomFile.Open(first, new() { StopBeforePixelData = true }).Dataset.GetUid(DicomTags.SeriesInstanceUID) == removedSeries.SeriesInstanceUid)
            {
                continue;
            }

            var target = Path.Combine(copy, Path.GetFileName(folder));
            Directory.CreateDirectory(target);
            foreach (var file in Directory.GetFiles(folder))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        var result = SeriesSelector.Select(await SeriesSummaryReader.ReadFolderAsync(copy));

        Assert.False(result.Check.IsComplete);
        var missing = Assert.Single(result.Check.Missing);
        Assert.Equal(removed, missing.Role);
        Assert.Equal(2, result.Check.Found.Count);
        Assert.DoesNotContain(result.Check.Found, f => f.Role == removed);
        Assert.StartsWith(removed switch
        {
            SeriesRole.DwiHighB => "no DWI with b ≥ 500",
            SeriesRole.Adc => "no ADC map: looked for ImageType ADC",
            _ => "no T1 Dixon in-phase series: looked for ImageType IN_PHASE",
        }, missing.Message, StringComparison.Ordinal);
    }

    private static void AssertChosen(PhantomStudyTruth study, PhantomSeriesTruth expected, SelectedSeries? chosen)
    {
        Assert.NotNull(chosen);
        Assert.Equal(expected.Number, chosen.Series.SeriesNumber);
        Assert.Equal(expected.Description, chosen.Series.Description);
        var first = Directory.GetFiles(Path.Combine(study.Folder, expected.Folder)).Order(StringComparer.Ordinal).First();
        var uid = DicomFile.Open(first, new() { StopBeforePixelData = true }).Dataset.GetUid(DicomTags.SeriesInstanceUID);
        Assert.Equal(uid, chosen.Series.SeriesInstanceUid);
    }
}
