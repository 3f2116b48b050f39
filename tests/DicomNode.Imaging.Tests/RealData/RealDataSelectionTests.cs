using DicomNode.Imaging.Selection;

namespace DicomNode.Imaging.Tests.RealData;

/// <summary>
/// Issue 18 (a): for each folder of <c>../shared/realdata/</c>, what the node selects and what it says about the rest
/// (the table in docs/real-data.md). Headers only; the volumes are checked against dcm2niix in <see cref="RealDataVolumeTests"/>.
/// </summary>
public sealed class RealDataSelectionTests
{
    [Fact]
    public async Task ProstateX_ChoosesAcquiredB800OverCalculatedB1000_AndTheAdcMap()
    {
        // Siemens b-values in (0019,100C) stored as OB by the de-identifier; series 9 is the scanner's calculated b1000.
        var result = await SelectAsync("prostatex-0001");

        Assert.Equal(7, result.DwiHighB!.Series.SeriesNumber);
        Assert.Equal(800, result.DwiHighB.BValue);
        Assert.Equal(19, result.DwiHighB.Series.Diffusion[800].Trace);
        Assert.Contains("preferred over series 9 'ep2d_diff_tra_DYNDIST_MIXCALC_BVAL' b=1000 for an acquired b-value in the target window", result.DwiHighB.Reason, StringComparison.Ordinal);
        Assert.Equal(8, result.Adc!.Series.SeriesNumber);
        Assert.Null(result.T1InPhase);
        Assert.Contains(result.Check.Missing, m => m.Role == SeriesRole.T1InPhase);
    }

    [Fact]
    public async Task SiemensXa30Enhanced_ChoosesTheTraceAtB2500AndSaysTheWindowWasEmpty()
    {
        var result = await SelectAsync("dcm_qa_xa30");

        Assert.Equal(12, result.DwiHighB!.Series.SeriesNumber);
        Assert.True(result.DwiHighB.Series.IsMultiFrame);
        Assert.Equal(2500, result.DwiHighB.BValue);
        Assert.Contains("no acquired image in the target window 800–1000 s/mm², the nearest higher b-value is used", result.DwiHighB.Reason, StringComparison.Ordinal);
        Assert.Equal(11, result.Adc!.Series.SeriesNumber);
        Assert.Contains(result.Notes, n => n.Contains("series 10 'DWI_dir80_PA' b=2500: raw directional data (20 gradient directions in 780 images)", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("colour image (3 samples per pixel)", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("'DWI_dir80_PA_TENSOR_B0': not a DWI", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dcm_qa_ge", "series 1 'Ax DWI TENSOR R2' b=1000: raw directional data (6 gradient directions in 12 images)")]
    [InlineData("dcm_qa_canon_61", "series 8000 'DTI_PA-ALL_20d' b=1500: raw directional data (12 gradient directions in 480 images)")]
    [InlineData("dcm_qa_philips_dwi", "series 701 'DTI_Biobank_2mm_MB3S2_EPI' b=1000: raw directional data")]
    [InlineData("dcm_qa_philips", "series 1201 'DT_HIGH_32DIR' b=1000: 1 trace-weighted image(s), fewer than the 5 slices a volume needs")]
    public async Task RawDiffusionTensorData_IsLeftOutWithTheReason(string folder, string note)
    {
        var result = await SelectAsync(folder);

        Assert.Null(result.DwiHighB);
        Assert.Contains(result.Notes, n => n.Contains(note, StringComparison.Ordinal));
        Assert.Contains(result.Check.Missing, m => m.Role == SeriesRole.DwiHighB && m.Message.StartsWith("no usable DWI with b ≥ 500 s/mm²: series ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PhilipsPresentationStateAndPrivateObjects_AreLeftOutOfTheDwiSeries()
    {
        var summaries = await SeriesSummaryReader.ReadFilesAsync(RealDataFolder.FilesOf("dcm_qa_philips_dwi/cl"));

        var dwi = summaries.Single(s => s.SeriesNumber == 701);
        Assert.Equal(40, dwi.InstanceCount);
        Assert.Contains(dwi.Skipped, s => s.StartsWith("XX_0546: a vendor-private object", StringComparison.Ordinal));
        Assert.Contains(summaries, s => s.Skipped.Any(k => k.StartsWith("PS_0545: a presentation state", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("dcm_qa_ts", 1, 315)]
    [InlineData("dcm_qa/axasc35", 1, 70)]
    [InlineData("dcm_qa/axmb", 2, 144)]
    public async Task SiemensMosaics_AreCountedAsTheirSlices_AndNoDiffusionIsFound(string folder, int series, int images)
    {
        var summaries = await SeriesSummaryReader.ReadFilesAsync(RealDataFolder.FilesOf(folder));

        Assert.Equal(series, summaries.Count);
        Assert.All(summaries, s => Assert.True(s.IsMosaic));
        Assert.Equal(images, summaries.Sum(s => s.InstanceCount));
        Assert.Null(SeriesSelector.Select(summaries).DwiHighB);
    }

    [Theory]
    [InlineData("dcm_qa_enh", 2, 88)]
    [InlineData("dcm_qa_agfa/Siemens", 1, 100)]
    [InlineData("dcm_qa_agfa/Agfa", 1, 100)]
    public async Task EnhancedMrWithoutDiffusion_IsReadFrameByFrame_AndNothingIsSelected(string folder, int series, int frames)
    {
        var summaries = await SeriesSummaryReader.ReadFilesAsync(RealDataFolder.FilesOf(folder));

        Assert.Equal(series, summaries.Count);
        Assert.All(summaries, s => Assert.True(s.IsMultiFrame));
        Assert.Equal(frames, summaries.Sum(s => s.InstanceCount));
        var result = SeriesSelector.Select(summaries);
        Assert.Empty(result.Selected);
        Assert.Equal(3, result.Check.Missing.Count);
    }

    private static async Task<SelectionResult> SelectAsync(string folder) =>
        SeriesSelector.Select(await SeriesSummaryReader.ReadFilesAsync(RealDataFolder.FilesOf(folder)));
}
