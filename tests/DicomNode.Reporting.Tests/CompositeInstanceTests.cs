using System.Text;
using DicomNode.Reporting.Composite;

namespace DicomNode.Reporting.Tests;

public sealed class CompositeInstanceTests
{
    [Fact]
    public void Fit_LeavesAShortValueAlone() => Assert.Equal("Left ilium", CompositeInstance.Fit("Left ilium", 64));

    [Fact]
    public void Fit_CutsALongAsciiValueToTheLimit_WithAnAsciiMark()
    {
        var fitted = CompositeInstance.Fit(new string('a', 70), 64);
        Assert.Equal(64, fitted.Length);
        Assert.EndsWith("...", fitted, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CountsUtf8Bytes_AndNeverSplitsASurrogatePair()
    {
        var accented = CompositeInstance.Fit(new string('é', 40), 64);
        Assert.InRange(Encoding.UTF8.GetByteCount(accented), 60, 64);

        var emoji = CompositeInstance.Fit(string.Concat(Enumerable.Repeat("😀", 20)), 16);
        Assert.True(Encoding.UTF8.GetByteCount(emoji) <= 16);
        Assert.Equal(emoji, Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(emoji)));
        Assert.Equal("😀😀😀...", emoji);
    }
}
