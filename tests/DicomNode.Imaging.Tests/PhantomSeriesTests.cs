using DicomNode.Phantom.Tests;
using DicomNode.Dicom;
using DicomNode.Dicom.Imaging;
using DicomNode.Imaging.Geometry;
using DicomNode.Imaging.Resampling;
using DicomNode.Imaging.Series;
using DicomNode.Phantom;
using Xunit.Abstractions;

namespace DicomNode.Imaging.Tests;

/// <summary>Acceptance (b) of issue 6: volumes from the phantom's series of every vendor profile against its truth NIfTI.</summary>
[Collection(PhantomStudiesCollection.Name)]
public sealed class PhantomSeriesTests
{
    private readonly PhantomStudies _studies;
    private readonly ITestOutputHelper _output;

    public PhantomSeriesTests(PhantomStudies studies, ITestOutputHelper output)
    {
        _studies = studies;
        _output = output;
    }

    public static TheoryData<string> Profiles => new(PhantomGenerator.Profiles);

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Build_EverySeries_MatchesTheTruthGridAndTheDicomRealValues(string profile)
    {
        var subject = _studies.Folder(profile);
        var worstCorner = 0.0;
        foreach (var series in Directory.GetDirectories(Path.Combine(subject, "dicom")).Order(StringComparer.Ordinal))
        {
            var files = Directory.GetFiles(series, "*.dcm").Order(StringComparer.Ordinal).ToList();
            var volumes = new SeriesVolumeBuilder().Build(files);
            var truth = NiftiFile.Read(Path.Combine(subject, "truth", Path.GetFileName(series) + ".nii"));
            var truthGrid = LpsGeometry(truth);
            Assert.Equal(files.Count, volumes.Sum(v => v.Geometry.Slices));

            foreach (var volume in volumes)
            {
                Assert.True(volume.Report!.IsRegular, string.Join("; ", volume.Report.Warnings));
                var g = volume.Geometry;
                Assert.Equal((truthGrid.Columns, truthGrid.Rows, truthGrid.Slices), (g.Columns, g.Rows, g.Slices));
                var deviation = CornerDeviation(g, truthGrid);
                worstCorner = Math.Max(worstCorner, deviation);
                Assert.True(deviation <= 0.01, $"{Path.GetFileName(series)}: a corner lies {deviation} mm from the truth grid's");
                AssertRealValues(volume, files);
            }

            _output.WriteLine(
                $"{profile} {Path.GetFileName(series)}: {volumes.Count} volume(s) b = [{string.Join(", ", volumes.Select(v => v.BValue?.ToString() ?? "-"))}], {volumes[0].Geometry.Columns}×{volumes[0].Geometry.Rows}×{volumes[0].Geometry.Slices}");
        }

        _output.WriteLine($"{profile}: largest corner deviation from the truth grid {worstCorner:E2} mm");
    }

    [Fact]
    public void Build_GeDiffusionSeries_SplitsItsTwoBValues()
    {
        var series = Directory.GetDirectories(Path.Combine(_studies.Folder("ge"), "dicom")).Single(d => d.Contains("DWI", StringComparison.Ordinal));

        var volumes = new SeriesVolumeBuilder().Build(Directory.GetFiles(series, "*.dcm"));

        Assert.Equal([0.0, 800.0], volumes.Select(v => v.BValue!.Value));
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void ResampleToModelGridAndBack_KeepsEveryBoneLabel(string profile)
    {
        var subject = _studies.Folder(profile);
        foreach (var nii in Directory.GetFiles(Path.Combine(subject, "truth"), "*.nii").Where(p => !p.EndsWith("_lesions.nii", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var truth = NiftiFile.Read(nii);
            var grid = LpsGeometry(truth);
            var labels = new LabelVolume(grid, truth.Data.Select(v => (byte)v).ToArray());
            foreach (var (name, model) in new[]
            {
                ("64x256x256", VolumeGeometry.CreateAligned(grid, 256, 256, 64)),
                ("1.5 mm", VolumeGeometry.CreateAligned(grid, 1.5, 1.5, 1.5)),
            })
            {
                var onModel = LabelResampler.Majority(labels, model);
                var back = LabelResampler.Majority(onModel, grid);
                var dice = new List<string>();
                for (byte label = 1; label <= 8; label++)
                {
                    var dsc = Dice(labels.Labels, back.Labels, label);
                    dice.Add($"{label}:{dsc:0.0000}");
                    // A grid coarser than the series along an axis loses what lies between its voxels; the bound holds where the
                    // model grid is at least as fine as the series (every DWI and ADC series); coarser ones are only reported.
                    Assert.True(dsc >= 0.98 || Coarser(model, grid), $"{profile} {Path.GetFileName(nii)} via {name}: DSC of label {label} is {dsc:0.0000}");
                }

                _output.WriteLine($"{profile} {Path.GetFileNameWithoutExtension(nii)} via {name} ({model.Columns}×{model.Rows}×{model.Slices}): DSC {string.Join(' ', dice)}");
            }
        }
    }

    private static bool Coarser(VolumeGeometry model, VolumeGeometry series) =>
        model.Spacing.I > series.Spacing.I + 1e-6 || model.Spacing.J > series.Spacing.J + 1e-6 || model.Spacing.K > series.Spacing.K + 1e-6;

    private static double Dice(byte[] a, byte[] b, byte label)
    {
        long both = 0, inA = 0, inB = 0;
        for (var v = 0; v < a.Length; v++)
        {
            var x = a[v] == label;
            var y = b[v] == label;
            inA += x ? 1 : 0;
            inB += y ? 1 : 0;
            both += x && y ? 1 : 0;
        }

        return inA + inB == 0 ? 1 : 2.0 * both / (inA + inB);
    }

    /// <summary>Each real value equals the stored value × Rescale Slope + Rescale Intercept of the slice the volume says it came from.</summary>
    private static void AssertRealValues(ImageVolume volume, List<string> files)
    {
        var byUid = files.Select(p => DicomFile.Open(p)).ToDictionary(f => f.Dataset.GetString(DicomTags.SOPInstanceUID)!.Trim());
        var perSlice = volume.Geometry.Columns * volume.Geometry.Rows;
        for (var k = 0; k < volume.Geometry.Slices; k++)
        {
            var file = byUid[volume.SourceInstanceUids[k]];
            var slope = file.Dataset.TryGetDouble(DicomTags.RescaleSlope, out var s) ? s : 1;
            var intercept = file.Dataset.TryGetDouble(DicomTags.RescaleIntercept, out var b) ? b : 0;
            var stored = new DicomPixelData(file).GetFrameValues(0);
            for (var v = 0; v < perSlice; v++)
            {
                var expected = (float)((stored[v] * slope) + intercept);
                if (volume.Voxels[(k * perSlice) + v] != expected)
                {
                    Assert.Fail($"slice {k} voxel {v}: {volume.Voxels[(k * perSlice) + v]} where the DICOM real value is {expected}");
                }
            }
        }
    }

    /// <summary>
    /// The largest distance from a corner voxel centre of <paramref name="built"/> to the nearest corner of <paramref name="truth"/>:
    /// the truth runs k in instance order, the built volume along the normal, so the corners are compared as sets.
    /// </summary>
    private static double CornerDeviation(VolumeGeometry built, VolumeGeometry truth)
    {
        var truthCorners = Corners(truth).ToList();
        return Corners(built).Max(c => truthCorners.Min(t => Math.Sqrt(Sq(c.X - t.X) + Sq(c.Y - t.Y) + Sq(c.Z - t.Z))));
    }

    private static IEnumerable<(double X, double Y, double Z)> Corners(VolumeGeometry g)
    {
        foreach (var k in new[] { 0, g.Slices - 1 })
        {
            foreach (var j in new[] { 0, g.Rows - 1 })
            {
                foreach (var i in new[] { 0, g.Columns - 1 })
                {
                    yield return g.ToPatient(i, j, k);
                }
            }
        }
    }

    private static double Sq(double v) => v * v;

    /// <summary>The truth NIfTI's sform is RAS; DICOM patient space is LPS: x and y change sign.</summary>
    private static VolumeGeometry LpsGeometry(NiftiFile nifti)
    {
        var a = new double[16];
        for (var r = 0; r < 3; r++)
        {
            var sign = r < 2 ? -1 : 1;
            for (var c = 0; c < 4; c++)
            {
                a[(4 * r) + c] = sign * nifti.Affine[r, c];
            }
        }

        a[15] = 1;
        return new VolumeGeometry(nifti.Dimensions[0], nifti.Dimensions[1], nifti.Dimensions[2], a);
    }
}
