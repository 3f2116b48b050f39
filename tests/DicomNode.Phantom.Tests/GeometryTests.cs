using Xunit.Abstractions;
using DicomNode.Phantom.Imaging;
using DicomNode.Phantom.Vendors;

namespace DicomNode.Phantom.Tests;

/// <summary>dcm2niix, an independent reader, against our truth NIfTI: same voxel positions, labels over the right tissue.</summary>
public sealed class GeometryTests(PhantomStudies fixture, ITestOutputHelper output) : IClassFixture<PhantomStudies>
{
    [Fact]
    public async Task Dcm2niix_MapsEveryVoxelToTheTruthPosition_AndLabelsOverlayTheirTissue()
    {
        var worst = 0.0;
        foreach (var study in fixture.Studies)
        {
            foreach (var series in study.Profile.Series)
            {
                var converted = Path.Combine(fixture.Root, "dcm2niix", study.Subject.Name, series.Folder);
                Directory.CreateDirectory(converted);
                var run = await ExternalTool.RunAsync("dcm2niix", "-z", "n", "-f", "%s", "-o", converted, Path.Combine(study.Folder, "dicom", series.Folder));
                Assert.True(run.ExitCode == 0, run.Output);
                var niftiPath = Directory.GetFiles(converted, "*.nii").OrderBy(p => p.Length).First();
                var theirs = NiftiFile.Read(niftiPath);
                var ours = NiftiFile.Read(Path.Combine(study.Folder, "truth", series.Folder + ".nii"));

                // dcm2niix may flip rows and reorder slices: match the eight corner voxels as sets of world positions.
                Assert.Equal(ours.Dimensions[..3].Order(), theirs.Dimensions[..3].Order());
                var deviation = CornerDeviation(ours, theirs);
                worst = Math.Max(worst, deviation);
                Assert.True(deviation < 0.01, $"{series.Folder}: corners differ by {deviation} mm");

                var volumeIndex = VolumeToCheck(converted, niftiPath, series, out var b);
                var expected = series.Content switch
                {
                    SeriesContent.T1InPhase => TissueProperties.Of(Anatomy.Tissue.BoneMarrow).T1,
                    SeriesContent.Adc => TissueProperties.Of(Anatomy.Tissue.BoneMarrow).Adc * 1e6,
                    _ => TissueProperties.Of(Anatomy.Tissue.BoneMarrow).Diffusion(b),
                };
                var lesions = NiftiFile.Read(Path.Combine(study.Folder, "truth", series.Folder + "_lesions.nii"));
                var (inside, spread) = MeanInsideBone(ours, lesions, theirs, volumeIndex);
                output.WriteLine($"{study.Profile.Key} {series.Folder}: corner deviation {deviation:E2} mm; bone interior mean {inside:F1} (configured {expected:F1}), CV {spread:F2}");
                Assert.InRange(inside / expected, 0.75, 1.3);
            }
        }

        output.WriteLine($"largest corner deviation {worst:E2} mm");
    }

    private static double CornerDeviation(NiftiFile ours, NiftiFile theirs)
    {
        var worst = 0.0;
        foreach (var corner in Corners(ours))
        {
            var nearest = Corners(theirs).Min(c => Distance(c, corner));
            worst = Math.Max(worst, nearest);
        }

        return worst;
    }

    private static IEnumerable<(double X, double Y, double Z)> Corners(NiftiFile n)
    {
        foreach (var i in new[] { 0, n.Dimensions[0] - 1 })
        {
            foreach (var j in new[] { 0, n.Dimensions[1] - 1 })
            {
                foreach (var k in new[] { 0, n.Dimensions[2] - 1 })
                {
                    yield return n.World(i, j, k);
                }
            }
        }
    }

    private static double Distance((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        Math.Sqrt(Math.Pow(a.X - b.X, 2) + Math.Pow(a.Y - b.Y, 2) + Math.Pow(a.Z - b.Z, 2));

    /// <summary>The volume of a 4D conversion to compare (the one whose b-value is the series' first), from dcm2niix's .bval.</summary>
    private static int VolumeToCheck(string folder, string niftiPath, SeriesProtocol series, out double b)
    {
        b = series.BValues.Length > 0 ? series.BValues[0] : 0;
        var bval = Path.ChangeExtension(niftiPath, ".bval");
        if (series.Content != SeriesContent.Diffusion || !File.Exists(bval))
        {
            return 0;
        }

        var values = File.ReadAllText(bval).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(double.Parse).ToList();
        var target = b;
        return Math.Max(0, values.FindIndex(v => Math.Abs(v - target) < 1));
    }

    /// <summary>Mean and coefficient of variation of dcm2niix's intensities at our voxels deep inside bone (all six neighbours bone, no lesion).</summary>
    private static (double Mean, double Cv) MeanInsideBone(NiftiFile ours, NiftiFile lesions, NiftiFile theirs, int volume)
    {
        int nx = ours.Dimensions[0], ny = ours.Dimensions[1], nz = ours.Dimensions[2];
        double sum = 0, sumSquares = 0;
        var n = 0;
        for (var k = 1; k < nz - 1; k++)
        {
            for (var j = 1; j < ny - 1; j++)
            {
                for (var i = 1; i < nx - 1; i++)
                {
                    var v = i + (nx * (j + (ny * k)));
                    if (lesions.Data[v] != 0 || ours.Data[v] == 0 || ours.Data[v - 1] == 0 || ours.Data[v + 1] == 0 || ours.Data[v - nx] == 0 || ours.Data[v + nx] == 0
                        || ours.Data[v - (nx * ny)] == 0 || ours.Data[v + (nx * ny)] == 0)
                    {
                        continue;
                    }

                    var (ti, tj, tk) = theirs.Voxel(ours.World(i, j, k));
                    var value = theirs.Data[(volume * theirs.VoxelsPerVolume) + ti + (theirs.Dimensions[0] * (tj + (theirs.Dimensions[1] * tk)))];
                    sum += value;
                    sumSquares += value * value;
                    n++;
                }
            }
        }

        Assert.True(n > 50, $"only {n} interior bone voxels");
        var mean = sum / n;
        return (mean, Math.Sqrt(Math.Max(0, (sumSquares / n) - (mean * mean))) / mean);
    }
}
