using DicomNode.Imaging.Selection;
using DicomNode.Imaging.Series;
using Xunit.Abstractions;

namespace DicomNode.Imaging.Tests.RealData;

public sealed class RealDataExploration(ITestOutputHelper output)
{
    [Theory]
    [InlineData("prostatex-0001")]
    [InlineData("dcm_qa_xa30")]
    [InlineData("dcm_qa_enh")]
    [InlineData("dcm_qa_agfa")]
    [InlineData("dcm_qa_ts")]
    [InlineData("dcm_qa")]
    [InlineData("dcm_qa_ge")]
    [InlineData("dcm_qa_philips_dwi")]
    [InlineData("dcm_qa_philips")]
    [InlineData("dcm_qa_canon_61")]
    public async Task Explore(string folder)
    {
        var summaries = await SeriesSummaryReader.ReadFilesAsync(RealDataFolder.FilesOf(folder));
        foreach (var s in summaries)
        {
            output.WriteLine($"{s.Label} images={s.InstanceCount} files={s.Files.Count} b=[{string.Join(",", s.Diffusion.Select(p => $"{p.Key}:{p.Value}"))}] mf={s.IsMultiFrame} mosaic={s.IsMosaic} skipped={s.Skipped.Count} type={string.Join("\\", s.ImageType)}");
        }

        var selection = SeriesSelector.Select(summaries);
        foreach (var p in selection.Selected)
        {
            output.WriteLine($"SELECTED {p.Key}: {p.Value.Reason}");
            try
            {
                var volumes = new SeriesVolumeBuilder().Build(p.Value.Series.Files);
                foreach (var v in volumes)
                {
                    output.WriteLine($"  volume {v.Geometry.Columns}x{v.Geometry.Rows}x{v.Geometry.Slices} {v.Diffusion} warnings={string.Join("; ", v.Report!.Warnings)}");
                }
            }
            catch (Exception e)
            {
                output.WriteLine($"  BUILD FAILED {e.GetType().Name}: {e.Message}");
            }
        }

        foreach (var m in selection.Check.Missing)
        {
            output.WriteLine($"MISSING {m.Message}");
        }

        foreach (var n in selection.Notes)
        {
            output.WriteLine($"NOTE {n}");
        }
    }
}
