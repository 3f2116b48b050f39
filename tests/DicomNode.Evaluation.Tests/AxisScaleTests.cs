using DicomNode.Evaluation.Plots;

namespace DicomNode.Evaluation.Tests;

public sealed class AxisScaleTests
{
    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.3, 2)]
    [InlineData(3.1, 5)]
    [InlineData(6.0, 10)]
    [InlineData(0.031, 0.05)]
    public void NiceStep_IsTheSmallestOneTwoOrFiveTimesAPowerOfTenNotBelowTheRawStep(double raw, double expected) =>
        Assert.Equal(expected, AxisScale.NiceStep(raw), 12);

    [Fact]
    public void Covering_WidensToWholeStepsAndMapsTheEndsToThePixelEnds()
    {
        var axis = AxisScale.Covering(-3.2, 17.9, 100, 600);

        Assert.Equal((-5.0, 20.0, 5.0), (axis.Minimum, axis.Maximum, axis.Step));
        Assert.Equal([-5.0, 0, 5, 10, 15, 20], axis.Ticks());
        Assert.Equal(100, axis.ToPixel(-5));
        Assert.Equal(600, axis.ToPixel(20));
        Assert.Equal("0", axis.Label(-1e-12));
    }

    [Fact]
    public void Covering_OneValue_OpensAnIntervalAroundIt()
    {
        var axis = AxisScale.Covering(4, 4, 0, 100);

        Assert.True(axis.Minimum < 4 && axis.Maximum > 4);
    }
}
