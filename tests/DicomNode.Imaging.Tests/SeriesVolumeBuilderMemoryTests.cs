using DicomNode.Dicom;
using DicomNode.Imaging.Series;

namespace DicomNode.Imaging.Tests;

/// <summary>Allocations are counted process-wide (the builder reads frames on several threads): no other test runs beside these.</summary>
[CollectionDefinition(nameof(AllocationCollection), DisableParallelization = true)]
public sealed class AllocationCollection;

/// <summary>
/// Issue 23 (analysis without the 2 GB) and issue 22 (a job on a study holding a huge instance stays bounded): series on
/// disk are stacked from their headers and the frames wanted, read one by one from the files, never the files whole.
/// </summary>
[Collection(nameof(AllocationCollection))]
public sealed class SeriesVolumeBuilderMemoryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-volume-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Build_FilesOnDisk_GivesTheVolumesOfTheFilesReadWhole()
    {
        var files = Series(slices: 5, columns: 7, rows: 6);
        var paths = files.Select((f, n) => Save(f, n)).ToList();

        var fromDisk = new SeriesVolumeBuilder().Build(paths);
        var fromMemory = new SeriesVolumeBuilder().Build(files);

        Assert.Equal(2, fromDisk.Count);
        for (var v = 0; v < fromMemory.Count; v++)
        {
            Assert.Equal(fromMemory[v].BValue, fromDisk[v].BValue);
            Assert.Equal(fromMemory[v].Geometry.Affine, fromDisk[v].Geometry.Affine);
            Assert.Equal(fromMemory[v].SourceInstanceUids, fromDisk[v].SourceInstanceUids);
            Assert.Equal(fromMemory[v].Voxels, fromDisk[v].Voxels);
        }
    }

    [Fact]
    public void Build_OneBValueOfFilesOnDisk_AllocatesTheVolumeAndItsFramesOnly()
    {
        const int Slices = 20, Columns = 512, Rows = 512;
        var paths = Series(Slices, Columns, Rows).Select((f, n) => Save(f, n)).ToList();
        long fileBytes = paths.Sum(p => new FileInfo(p).Length);
        var builder = new SeriesVolumeBuilder();
        builder.Build(paths.Skip(Slices).Take(2), f => f.Diffusion.BValue == 800);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var volume = Assert.Single(builder.Build(paths, f => f.Diffusion.BValue == 800));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // The volume (4 bytes a voxel), each wanted frame's stored bytes once (2 a pixel), and per file its header with the
        // reader's 64 KiB look-ahead: the b = 0 files' pixel data is never read, and no frame-sized intermediate arrays are
        // made. Before, the files were read whole (21 MB here) and each frame decoded through a long[] and a float[] (60 MB).
        long volumeBytes = 4L * Slices * Columns * Rows;
        long frameBytes = 2L * Slices * Columns * Rows;
        long headers = 128L * 1024 * paths.Count;
        Assert.Equal(Slices, volume.Geometry.Slices);
        Assert.True(
            allocated < volumeBytes + frameBytes + headers,
            $"{allocated} bytes allocated for a volume of {volumeBytes} bytes from {fileBytes} bytes of files (frames wanted: {frameBytes} bytes)");
        Assert.Equal((SyntheticSeries.Value(5, 9, Slices + 3) * 0.5) - 3, volume.Voxels[volume.Geometry.IndexOf(5, 9, 2)]);
    }

    /// <summary>A b = 0 and a b = 800 image at each of <paramref name="slices"/> positions, rescaled by 0.5 and −3.</summary>
    private static List<DicomFile> Series(int slices, int columns, int rows) =>
        Enumerable.Range(1, 2 * slices)
            .Select(n => SyntheticSeries.Slice(n, [0, 0, 4.0 * ((n - 1) % slices)], SyntheticSeries.Axial, columns, rows, bValue: n <= slices ? 0 : 800, slope: 0.5, intercept: -3))
            .ToList();

    private string Save(DicomFile file, int n)
    {
        var path = Path.Combine(_folder, $"{n:D3}.dcm");
        file.Save(path);
        return path;
    }
}
