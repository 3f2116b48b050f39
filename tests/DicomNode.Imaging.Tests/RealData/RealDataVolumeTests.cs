using DicomNode.Imaging.Frames;
using DicomNode.Imaging.Selection;
using DicomNode.Imaging.Series;

namespace DicomNode.Imaging.Tests.RealData;

/// <summary>
/// Issue 18 (b): every volume the node stacks from the real scanner files equals dcm2niix's NIfTI of the same files —
/// dimensions, the voxel grid in patient space within 0.01 mm, and identical voxel values.
/// </summary>
public sealed class RealDataVolumeTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dicomnode-realdata-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("prostatex-0001", SeriesRole.DwiHighB, 800.0)]
    [InlineData("prostatex-0001", SeriesRole.Adc, null)]
    [InlineData("dcm_qa_xa30", SeriesRole.DwiHighB, 2500.0)]
    [InlineData("dcm_qa_xa30", SeriesRole.Adc, null)]
    public async Task SelectedSeries_StacksLikeDcm2niix(string folder, SeriesRole role, double? expectedB)
    {
        var selection = SeriesSelector.Select(await SeriesSummaryReader.ReadFilesAsync(RealDataFolder.FilesOf(folder)));
        var chosen = selection.Selected[role];
        Assert.Equal(expectedB, chosen.BValue);

        var volumes = new SeriesVolumeBuilder().Build(chosen.Series.Files);
        var (nifti, bvalues) = await Dcm2niixReference.ConvertAsync(chosen.Series.Files, _work);

        var volume = expectedB is { } b ? volumes.Single(v => v.BValue == b) : Assert.Single(volumes);
        var index = expectedB is { } wanted && bvalues.Length > 1 ? Array.IndexOf(bvalues, wanted) : 0;
        Assert.True(index >= 0, $"dcm2niix's b-values {string.Join(' ', bvalues)} lack {expectedB}");
        Dcm2niixReference.AssertSameVolume(volume, nifti, index);
    }

    [Theory]
    [InlineData("dcm_qa/axasc35", 35)]
    [InlineData("dcm_qa_ts/1.dcm", 35)]
    [InlineData("dcm_qa_ts/2.dcm", 35)]
    [InlineData("dcm_qa_ts/3.dcm", 35)]
    public async Task SiemensMosaic_UnpacksIntoSlicesLikeDcm2niix(string path, int slices)
    {
        var file = Directory.Exists(Path.Combine(RealDataFolder.Root, path)) ? RealDataFolder.FilesOf(path)[0] : Path.Combine(RealDataFolder.Root, path);

        var volume = Assert.Single(new SeriesVolumeBuilder().Build([file]));

        Assert.Equal(slices, volume.Geometry.Slices);
        var (nifti, _) = await Dcm2niixReference.ConvertAsync([file], _work);
        Dcm2niixReference.AssertSameVolume(volume, nifti, 0);
    }

    [Theory]
    [InlineData("dcm_qa_ts/4.dcm", "dcm_qa_ts/4.dcm")]
    [InlineData("dcm_qa_ts/5.dcm", "dcm_qa_ts/5.dcm")]
    [InlineData("dcm_qa_ts/6.dcm", "dcm_qa_ts/6.dcm")]
    [InlineData("dcm_qa_ts/7.dcm", "dcm_qa_ts/1.dcm")]
    [InlineData("dcm_qa_ts/8.dcm", "dcm_qa_ts/1.dcm")]
    [InlineData("dcm_qa_ts/9.dcm", "dcm_qa_ts/9.dcm")]
    [InlineData("dcm_qa/axmb/AxAsc36mb2a/jpg1.dcm", "dcm_qa/axmb/AxAsc36mb2a/jpg1.dcm")]
    [InlineData("dcm_qa/axmb/AxInt36mb/jp2k1.dcm", "dcm_qa/axmb/AxInt36mb/jp2k1.dcm")]
    public async Task CompressedMosaic_DecodesAndStacksLikeDcm2niix(string path, string reference)
    {
        // RLE, JPEG Lossless, JPEG-LS and JPEG 2000 lossless. dcm2niix (Debian's build) has no JPEG-LS decoder, so
        // the JPEG-LS copies are held against its NIfTI of the uncompressed twin, 1.dcm: lossless means the same pixels.
        var volume = Assert.Single(new SeriesVolumeBuilder().Build([Path.Combine(RealDataFolder.Root, path)]));

        var (nifti, _) = await Dcm2niixReference.ConvertAsync([Path.Combine(RealDataFolder.Root, reference)], _work);
        Dcm2niixReference.AssertSameVolume(volume, nifti, 0);
    }

    [Theory]
    [InlineData("dcm_qa_canon_61/enh_8000", 0.0)]
    [InlineData("dcm_qa_ge/01_Ax_DWI_TENSOR_R2", 0.0)]
    public async Task DiffusionSeriesB0_StacksLikeDcm2niixFirstVolume(string folder, double b)
    {
        var files = RealDataFolder.FilesOf(folder);
        var volume = Assert.Single(new SeriesVolumeBuilder().Build(files, f => f.Diffusion.BValue == b));

        var (nifti, bvalues) = await Dcm2niixReference.ConvertAsync(files.Where(f => !Path.GetFileName(f).StartsWith("XX_", StringComparison.Ordinal) && !Path.GetFileName(f).StartsWith("PS_", StringComparison.Ordinal)), _work);

        Assert.Equal(b, bvalues[0]);
        Dcm2niixReference.AssertSameVolume(volume, nifti, 0);
    }

    [Fact]
    public async Task EnhancedMrWithTwoFrameTypes_GivesTwoVolumesLikeDcm2niix()
    {
        // A Philips B0 map: 32 magnitude frames and 32 field-map frames at the same positions, told apart by FrameType.
        var files = RealDataFolder.FilesOf("dcm_qa_enh/Philips");
        var volumes = new SeriesVolumeBuilder().Build(files);

        Assert.Equal(2, volumes.Count);
        var all = await Dcm2niixReference.ConvertAllAsync(files, _work);
        Dcm2niixReference.AssertSameVolume(volumes[0], all.Single(n => n.Key.Contains("fieldmap", StringComparison.Ordinal)).Value, 0);
        Dcm2niixReference.AssertSameVolume(volumes[1], all.Single(n => !n.Key.Contains("fieldmap", StringComparison.Ordinal)).Value, 0);
    }

    [Theory]
    [InlineData("dcm_qa_xa30/13_DWI_dir80_PA")]
    [InlineData("dcm_qa_xa30/16_DWI_dir80_PA")]
    public async Task EnhancedMrSingleVolume_StacksLikeDcm2niix(string folder)
    {
        var files = RealDataFolder.FilesOf(folder);
        var volumes = new SeriesVolumeBuilder().Build(files);

        var (nifti, _) = await Dcm2niixReference.ConvertAsync(files, _work);
        Dcm2niixReference.AssertSameVolume(Assert.Single(volumes), nifti, 0);
        Assert.All(volumes[0].SourceFrameNumbers, n => Assert.NotNull(n));
    }
}
