using DicomNode.Imaging.Geometry;
using DicomNode.Phantom.Tests;

namespace DicomNode.Imaging.Tests.RealData;

/// <summary>
/// dcm2niix, an independent reader, as the reference for stacked volumes: the same voxel grid in patient space (its
/// RAS affine turned into LPS, whatever axis flips and slice order it chose) and the same voxel values.
/// </summary>
internal static class Dcm2niixReference
{
    /// <summary>Converts <paramref name="files"/> (copied into a folder of their own) into one NIfTI and returns it with its b-values, if any.</summary>
    public static async Task<(NiftiFile Nifti, double[] BValues)> ConvertAsync(IEnumerable<string> files, string work)
    {
        var (output, written) = await RunAsync(files, work);
        Assert.True(written.Length == 1, $"dcm2niix wrote {written.Length} NIfTI files:\n{output}");
        var bval = Path.ChangeExtension(written[0], ".bval");
        var bvalues = File.Exists(bval)
            ? File.ReadAllText(bval).Split((char[])[' ', '\t', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(double.Parse).ToArray()
            : [];
        return (NiftiFile.Read(written[0]), bvalues);
    }

    /// <summary>Converts <paramref name="files"/> and returns every NIfTI dcm2niix wrote, by file name.</summary>
    public static async Task<IReadOnlyDictionary<string, NiftiFile>> ConvertAllAsync(IEnumerable<string> files, string work)
    {
        var (output, written) = await RunAsync(files, work);
        Assert.True(written.Length > 0, $"dcm2niix wrote no NIfTI:\n{output}");
        return written.ToDictionary(p => Path.GetFileName(p), NiftiFile.Read);
    }

    // -p n: display values (Rescale Slope and Intercept), as the node reads them, not Philips' private scaling.
    private static async Task<(string Output, string[] Written)> RunAsync(IEnumerable<string> files, string work)
    {
        var input = Path.Combine(work, "in");
        var output = Path.Combine(work, "out");
        Directory.CreateDirectory(input);
        Directory.CreateDirectory(output);
        foreach (var file in files)
        {
            File.Copy(file, Path.Combine(input, Path.GetFileName(file)), overwrite: true);
        }

        var run = await ExternalTool.RunAsync("dcm2niix", "-z", "n", "-p", "n", "-f", "v", "-o", output, input);
        return (run.Output, Directory.GetFiles(output, "*.nii").Order(StringComparer.Ordinal).ToArray());
    }

    /// <summary>
    /// Asserts that <paramref name="ours"/> is volume <paramref name="index"/> of <paramref name="theirs"/>: every corner at
    /// the same patient position within <paramref name="toleranceMm"/>, the same dimensions up to axis order, and every
    /// voxel value equal within <paramref name="valueTolerance"/> (0 for lossless data: identical).
    /// </summary>
    public static void AssertSameVolume(ImageVolume ours, NiftiFile theirs, int index, double toleranceMm = 0.01, double valueTolerance = 0)
    {
        var g = ours.Geometry;
        int[] size = [g.Columns, g.Rows, g.Slices];
        Assert.Equal(size.Order(), theirs.Dimensions.Take(3).Order());

        // Our voxel (i, j, k) maps to theirs through a signed axis permutation, found from the corner positions.
        var map = new (int I, int J, int K)[8];
        for (var c = 0; c < 8; c++)
        {
            var (i, j, k) = ((c & 1) * (size[0] - 1), ((c >> 1) & 1) * (size[1] - 1), ((c >> 2) & 1) * (size[2] - 1));
            var (x, y, z) = g.ToPatient(i, j, k);
            (double X, double Y, double Z) ras = (-x, -y, z);
            map[c] = theirs.Voxel(ras);
            var back = theirs.World(map[c].I, map[c].J, map[c].K);
            var distance = Math.Sqrt(Math.Pow(back.X - ras.X, 2) + Math.Pow(back.Y - ras.Y, 2) + Math.Pow(back.Z - ras.Z, 2));
            Assert.True(distance <= toleranceMm, $"corner ({i},{j},{k}) lies {distance:0.####} mm from dcm2niix's voxel {map[c]}");
        }

        var (o, di, dj, dk) = (map[0], Step(map[0], map[1], size[0]), Step(map[0], map[2], size[1]), Step(map[0], map[4], size[2]));
        var perVolume = theirs.VoxelsPerVolume;
        var worst = 0.0;
        for (var k = 0; k < size[2]; k++)
        {
            for (var j = 0; j < size[1]; j++)
            {
                for (var i = 0; i < size[0]; i++)
                {
                    var ti = o.I + (di.I * i) + (dj.I * j) + (dk.I * k);
                    var tj = o.J + (di.J * i) + (dj.J * j) + (dk.J * k);
                    var tk = o.K + (di.K * i) + (dj.K * j) + (dk.K * k);
                    var theirValue = theirs.Data[(index * perVolume) + ti + (theirs.Dimensions[0] * (tj + (theirs.Dimensions[1] * tk)))];
                    worst = Math.Max(worst, Math.Abs(ours.Voxels[g.IndexOf(i, j, k)] - theirValue) / Math.Max(1, Math.Abs(theirValue)));
                }
            }
        }

        Assert.True(worst <= valueTolerance + 1e-6, $"voxel values differ from dcm2niix's by up to {worst:G4} (relative)");
    }

    private static (int I, int J, int K) Step((int I, int J, int K) from, (int I, int J, int K) to, int count) =>
        count <= 1 ? (0, 0, 0) : ((to.I - from.I) / (count - 1), (to.J - from.J) / (count - 1), (to.K - from.K) / (count - 1));
}
