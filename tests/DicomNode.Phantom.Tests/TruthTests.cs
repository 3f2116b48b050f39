using Xunit.Abstractions;
using System.Text.Json;
using DicomNode.Phantom.Truth;

namespace DicomNode.Phantom.Tests;

public sealed class TruthTests(PhantomStudies fixture, ITestOutputHelper output) : IClassFixture<PhantomStudies>
{
    [Fact]
    public void SeriesVolumes_EqualVoxelCountTimesVoxelVolume_InEveryTruthNifti()
    {
        var worst = 0.0;
        foreach (var study in fixture.Studies)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(study.Folder, "truth.json")));
            var root = json.RootElement;
            foreach (var series in root.GetProperty("series").EnumerateArray())
            {
                var folder = series.GetProperty("folder").GetString()!["dicom/".Length..];
                var lesions = NiftiFile.Read(Path.Combine(study.Folder, series.GetProperty("lesionLabels").GetString()!));
                var spacing = series.GetProperty("spacingMm").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                var voxel = spacing[0] * spacing[1] * spacing[2];
                foreach (var kind in new[] { "metastases", "lymphNodes" })
                {
                    foreach (var lesion in root.GetProperty(kind).EnumerateArray())
                    {
                        var value = lesion.GetProperty("labelValue").GetInt32();
                        var stated = lesion.GetProperty("seriesVolumeCm3").GetProperty(folder).GetDouble();
                        var counted = lesions.Data.Count(d => d == value) * voxel / 1000;
                        if (counted > 0)
                        {
                            var error = Math.Abs(stated - counted) / counted;
                            worst = Math.Max(worst, error);
                            Assert.True(error < 0.01, $"{folder} lesion {value}: truth.json {stated} cm³, NIfTI {counted} cm³");
                        }
                        else
                        {
                            Assert.Equal(0, stated);
                        }
                    }
                }
            }
        }

        output.WriteLine($"largest relative error, truth.json series volume vs NIfTI count × voxel volume: {worst:E2}");
    }

    [Fact]
    public void ReferenceVolumes_AgreeWithTheFinestSeriesGrid_ForLesionsOfManyVoxels()
    {
        foreach (var study in fixture.Studies)
        {
            var t1 = study.Profile.Series.Single(s => s.Content == Vendors.SeriesContent.T1InPhase).Folder;
            foreach (var m in study.Truth.Metastases.Cast<object>().Concat(study.Truth.LymphNodes))
            {
                var (id, reference, series) = m switch
                {
                    MetastasisTruth x => (x.Id, x.VolumeCm3, x.SeriesVolumeCm3[t1]),
                    NodeTruth x => (x.Id, x.VolumeCm3, x.SeriesVolumeCm3[t1]),
                    _ => throw new InvalidOperationException(),
                };
                var voxels = series * 1000 / study.T1.Geometry.VoxelVolumeMm3;
                var error = Math.Abs(series - reference) / reference;
                output.WriteLine($"{study.Profile.Key} lesion {id}: reference {reference:F4} cm³, T1 grid {series:F4} cm³ ({voxels:F0} voxels), {error:P1}");
                if (voxels >= 2000)
                {
                    Assert.True(error < 0.03, $"lesion {id}: {error:P1}");
                }
            }
        }
    }

    [Fact]
    public void NodeShortAxes_RecomputedFromVoxels_AgreeWithinAVoxel()
    {
        var checkedNodes = 0;
        foreach (var study in fixture.Studies)
        {
            var series = study.Profile.Series.Single(s => s.Content == Vendors.SeriesContent.T1InPhase).Folder;
            var lesions = NiftiFile.Read(Path.Combine(study.Folder, "truth", series + "_lesions.nii"));
            var g = study.T1.Geometry;
            var tolerance = Math.Max(g.ColumnSpacing, Math.Max(g.RowSpacing, g.SliceSpacing));
            foreach (var node in study.Truth.LymphNodes)
            {
                var points = new List<(double X, double Y, double Z)>();
                for (var v = 0; v < lesions.Data.Length; v++)
                {
                    if (lesions.Data[v] == node.LabelValue)
                    {
                        var i = v % lesions.Dimensions[0];
                        var j = v / lesions.Dimensions[0] % lesions.Dimensions[1];
                        var k = v / (lesions.Dimensions[0] * lesions.Dimensions[1]);
                        points.Add(lesions.World(i, j, k));
                    }
                }

                if (node.ShortAxisMm < 2 * tolerance)
                {
                    continue;
                }

                // A solid ellipsoid's variance along a principal axis is a²/5; the voxel grid adds about h²/12.
                var eigen = Principal.Variances(points);
                var shortAxis = 2 * Math.Sqrt(5 * Math.Max(0, eigen[0] - (tolerance * tolerance / 24)));
                var longAxis = 2 * Math.Sqrt(5 * eigen[2]);
                output.WriteLine($"{study.Profile.Key} node {node.Id}: short axis {node.ShortAxisMm:F2} mm stated, {shortAxis:F2} mm from {points.Count} voxels; long {node.LongAxisMm:F2} / {longAxis:F2}");
                Assert.InRange(shortAxis - node.ShortAxisMm, -tolerance, tolerance);
                checkedNodes++;
            }
        }

        Assert.True(checkedNodes > 0);
    }

    [Fact]
    public void Staging_FollowsTheLesions()
    {
        foreach (var t in fixture.Studies.Select(s => s.Truth))
        {
            Assert.Equal(t.LymphNodes.Any(n => n.ShortAxisMm > 8) ? "N1" : "N0", t.Staging.N);
            Assert.Equal(t.Metastases.Any(m => m.VolumeCm3 >= 0.2) ? "M1b" : "M0", t.Staging.M);
            Assert.Equal(t.Metastases.Count, t.Counts.Metastases);
            Assert.Equal(t.LymphNodes.Count(n => n.Suspicious), t.Counts.SuspiciousNodes);
        }
    }

    [Fact]
    public async Task TruthNifti_IsReadByNibabel_WithOurAffine()
    {
        var study = fixture.Studies.Single(s => s.Profile.Key == "philips");
        var path = Path.Combine(study.Folder, "truth", study.Profile.Series[0].Folder + ".nii");
        var script = "import sys, nibabel, numpy; i = nibabel.load(sys.argv[1]); print(' '.join(str(x) for x in i.shape)); "
            + "print(' '.join('%.6f' % x for x in i.affine[:3].ravel())); print(' '.join('%.6f' % x for x in i.get_qform()[:3].ravel())); print(int(numpy.asarray(i.dataobj).max()))";
        var result = await ExternalTool.RunAsync("/usr/bin/python3", "-c", script, path);
        Assert.True(result.ExitCode == 0, result.Output);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var g = study.Diffusion.Geometry;
        Assert.Equal($"{g.Columns} {g.Rows} {g.Slices}", lines[0].Trim());
        // Our LPS affine with the x and y rows negated (NIfTI world coordinates are RAS), in sform and qform alike.
        var i = g.RowDirection * g.ColumnSpacing;
        var j = g.ColumnDirection * g.RowSpacing;
        var k = g.SliceStep;
        var o = g.Origin;
        double[,] expected = { { -i.X, -j.X, -k.X, -o.X }, { -i.Y, -j.Y, -k.Y, -o.Y }, { i.Z, j.Z, k.Z, o.Z } };
        foreach (var line in lines[1..3])
        {
            var values = line.Split(' ').Select(double.Parse).ToArray();
            for (var r = 0; r < 3; r++)
            {
                for (var c = 0; c < 4; c++)
                {
                    Assert.True(Math.Abs(values[(4 * r) + c] - expected[r, c]) < 1e-3, $"affine[{r},{c}] {values[(4 * r) + c]} vs {expected[r, c]}");
                }
            }
        }

        Assert.Equal(8, int.Parse(lines[3].Trim()));
    }
}
