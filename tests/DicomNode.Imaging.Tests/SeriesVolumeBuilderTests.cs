using DicomNode.Imaging.Series;

namespace DicomNode.Imaging.Tests;

public sealed class SeriesVolumeBuilderTests
{
    [Fact]
    public void Build_ShuffledSlices_SortsThemAlongTheNormal()
    {
        // Instance numbers run foot to head but the files arrive shuffled.
        var files = new[] { 3, 1, 5, 2, 4 }.Select(n => SyntheticSeries.Slice(n, [10, 20, 5.0 * n], SyntheticSeries.Axial)).ToList();

        var volume = Assert.Single(new SeriesVolumeBuilder().Build(files));

        Assert.Equal(["2.25.1234.1", "2.25.1234.2", "2.25.1234.3", "2.25.1234.4", "2.25.1234.5"], volume.SourceInstanceUids);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(SyntheticSeries.Value(3, 2, k + 1), volume.Voxels[volume.Geometry.IndexOf(3, 2, k)]);
        }

        Assert.True(volume.Report!.IsRegular);
        Assert.Equal((10.0, 20.0, 5.0), volume.Geometry.ToPatient(0, 0, 0));
        Assert.Equal((10.0, 20.0, 25.0), volume.Geometry.ToPatient(0, 0, 4));
    }

    [Fact]
    public void Build_SlicesDescendingAlongTheNormal_StillStacksThemAscending()
    {
        // Image positions fall as instance numbers rise (head to foot): the normal, not the number, orders the stack.
        var files = Enumerable.Range(1, 4).Select(n => SyntheticSeries.Slice(n, [0, 0, -4.0 * n], SyntheticSeries.Axial)).ToList();

        var volume = Assert.Single(new SeriesVolumeBuilder().Build(files));

        Assert.Equal("2.25.1234.4", volume.SourceInstanceUids[0]);
        Assert.Equal(4.0, volume.Geometry.Affine[10], 9);
    }

    [Fact]
    public void Build_AffineFollowsRowAndColumnCosinesWithTheirSpacings()
    {
        // Pixel Spacing 2.0 \ 0.5: 2 mm between rows (along j, the column cosine), 0.5 mm between columns (along i, the row cosine).
        double[] coronal = [1, 0, 0, 0, 0, -1];
        var files = Enumerable.Range(1, 3).Select(n => SyntheticSeries.Slice(n, [0, 3.0 * n, 0], coronal)).ToList();

        var g = Assert.Single(new SeriesVolumeBuilder().Build(files)).Geometry;

        Assert.Equal((0.5, 3.0, 0.0), g.ToPatient(1, 0, 0));
        Assert.Equal((0.0, 3.0, -2.0), g.ToPatient(0, 1, 0));
        Assert.Equal((0.0, 6.0, 0.0), g.ToPatient(0, 0, 1));
        Assert.Equal((0.5, 2.0, 3.0), g.Spacing);
    }

    [Fact]
    public void Build_IrregularSpacing_IsReportedNotGuessed()
    {
        double[] z = [0, 5, 10, 15, 22, 27];
        var files = z.Select((p, n) => SyntheticSeries.Slice(n + 1, [0, 0, p], SyntheticSeries.Axial)).ToList();

        var volume = Assert.Single(new SeriesVolumeBuilder().Build(files));

        Assert.False(volume.Report!.IsRegular);
        Assert.Equal([5.0, 5.0, 5.0, 7.0, 5.0], volume.Report.SliceSpacings);
        var warning = Assert.Single(volume.Report.Warnings);
        Assert.Contains("irregular slice spacing: 5 vs 7 mm between slices 3 and 4", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MissingSlice_IsReportedAsAGap()
    {
        double[] z = [0, 5, 10, 20, 25];
        var files = z.Select((p, n) => SyntheticSeries.Slice(n + 1, [0, 0, p], SyntheticSeries.Axial)).ToList();

        var volume = Assert.Single(new SeriesVolumeBuilder().Build(files));

        Assert.Contains(volume.Report!.Warnings, w => w.StartsWith("gap in the slices: 5 vs 10 mm between slices 2 and 3", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_InconsistentOrientation_ThrowsNamingTheSeries()
    {
        var files = new[]
        {
            SyntheticSeries.Slice(1, [0, 0, 0], SyntheticSeries.Axial),
            SyntheticSeries.Slice(2, [0, 0, 5], [1, 0, 0, 0, 0.9961947, -0.0871557]),
        };

        var e = Assert.Throws<SeriesGeometryException>(() => new SeriesVolumeBuilder().Build(files));

        Assert.Equal(SyntheticSeries.SeriesUid, e.SeriesInstanceUid);
        Assert.Contains("2.25.1234", e.Message, StringComparison.Ordinal);
        Assert.Contains("not parallel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_TwoImagesAtOnePositionWithoutBValues_Throws()
    {
        var files = new[]
        {
            SyntheticSeries.Slice(1, [0, 0, 0], SyntheticSeries.Axial),
            SyntheticSeries.Slice(2, [0, 0, 0], SyntheticSeries.Axial),
        };

        Assert.Throws<SeriesGeometryException>(() => new SeriesVolumeBuilder().Build(files));
    }

    [Fact]
    public void Build_SeveralBValuesInOneSeries_GivesOneVolumePerBValueWithRescaleApplied()
    {
        var files = new List<Dicom.DicomFile>();
        for (var n = 1; n <= 6; n++)
        {
            var b = n <= 3 ? 0.0 : 800.0;
            files.Add(SyntheticSeries.Slice(n, [0, 0, 4.0 * ((n - 1) % 3)], SyntheticSeries.Axial, bValue: b, slope: 0.5, intercept: -3));
        }

        var volumes = new SeriesVolumeBuilder().Build(files);

        Assert.Equal([0.0, 800.0], volumes.Select(v => v.BValue!.Value));
        Assert.All(volumes, v => Assert.Equal(3, v.Geometry.Slices));
        Assert.Equal((SyntheticSeries.Value(1, 2, 5) * 0.5) - 3, volumes[1].Voxels[volumes[1].Geometry.IndexOf(1, 2, 1)]);
    }
}
