using DicomNode.Dicom;
using DicomNode.Reporting.Segmentation;
using DicomNode.Reporting.StructuredReport;

namespace DicomNode.Reporting.Tests;

/// <summary>Dates and times come from the TimeProvider: local date and time, and the offset from UTC beside them.</summary>
public sealed class TimestampTests
{
    private static readonly FixedTime Clock = new(new DateTimeOffset(2025, 3, 4, 17, 5, 9, 250, TimeSpan.FromHours(1)));

    [Fact]
    public void Seg_TakesItsDatesAndTimesFromTheClock()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var segs = new SegmentationWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator(), Clock).Write(SyntheticSeries.Findings(source), source);
        Assert.Equal(2, segs.Count);
        Assert.All(segs, seg => AssertStamped(seg.File.Dataset));
    }

    [Fact]
    public void Report_TakesItsDatesAndTimesFromTheClock_AndNewUidsEachTime()
    {
        var source = SyntheticSeries.Source(7, 5, 4);
        var writer = new MeasurementReportWriter(TestIdentity.Node, TestIdentity.Algorithms, new DicomUidGenerator(), Clock);
        var first = writer.WriteFailure(source.Instance, "model error");
        var second = writer.WriteFailure(source.Instance, "model error");
        AssertStamped(first.Dataset);
        Assert.NotEqual(first.Dataset.GetString(DicomTags.SOPInstanceUID), second.Dataset.GetString(DicomTags.SOPInstanceUID));
        Assert.NotEqual(first.Dataset.GetString(DicomTags.SeriesInstanceUID), second.Dataset.GetString(DicomTags.SeriesInstanceUID));
        Assert.NotEqual(source.SeriesInstanceUid, first.Dataset.GetString(DicomTags.SeriesInstanceUID));
    }

    private static void AssertStamped(DicomDataset dataset)
    {
        foreach (var tag in new[] { DicomTags.InstanceCreationDate, DicomTags.ContentDate, DicomTags.SeriesDate })
        {
            Assert.Equal("20250304", dataset.GetString(tag));
        }

        foreach (var tag in new[] { DicomTags.InstanceCreationTime, DicomTags.ContentTime, DicomTags.SeriesTime })
        {
            Assert.Equal("170509", dataset.GetString(tag));
        }

        Assert.Equal("+0100", dataset.GetString(DicomTags.TimezoneOffsetFromUTC));
    }
}
