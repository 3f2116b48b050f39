using DicomNode.Reporting.KeyImages;

namespace DicomNode.Reporting.Tests;

public sealed class MaskContourTests
{
    [Fact]
    public void OnePixel_GivesAClosedDiamondThroughItsEdgeMidpoints()
    {
        var segments = MaskContour.Segments([false, false, false, false, true, false, false, false, false], 3, 3);
        Assert.Equal(4, segments.Count);
        var points = segments.SelectMany(s => new[] { (s.X1, s.Y1), (s.X2, s.Y2) }).ToList();
        // Every end point is shared by exactly two segments: the outline is closed.
        Assert.All(points.GroupBy(p => p), g => Assert.Equal(2, g.Count()));
        Assert.Equal([(1f, 1.5f), (1.5f, 1f), (1.5f, 2f), (2f, 1.5f)], points.Distinct().OrderBy(p => p.Item1).ThenBy(p => p.Item2));
    }

    [Fact]
    public void PixelOnTheEdge_IsClosedAgainstTheOutside()
    {
        var segments = MaskContour.Segments([true, false, false, false], 2, 2);
        var points = segments.SelectMany(s => new[] { (s.X1, s.Y1), (s.X2, s.Y2) }).ToList();
        Assert.All(points.GroupBy(p => p), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void EmptyMask_HasNoOutline() => Assert.Empty(MaskContour.Segments(new bool[16], 4, 4));

    [Theory]
    [InlineData(1, 0, 0, "L")]
    [InlineData(-1, 0, 0, "R")]
    [InlineData(0, 1, 0, "P")]
    [InlineData(0, 0, -1, "F")]
    [InlineData(0.8, 0.6, 0, "LP")]
    public void Direction_NamesThePatientDirection(double x, double y, double z, string letters) =>
        Assert.Equal(letters, KeyImageRenderer.Direction((x, y, z)));
}
