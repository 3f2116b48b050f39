namespace DicomNode.Dicom.Tests;

public sealed class DicomTagTests
{
    [Theory]
    [InlineData("(0010,0010)", 0x0010, 0x0010)]
    [InlineData("7FE0,0010", 0x7FE0, 0x0010)]
    [InlineData("fffee000", 0xFFFE, 0xE000)]
    public void Parse_AcceptsTheUsualSpellings(string text, int group, int element)
    {
        Assert.Equal(new DicomTag((ushort)group, (ushort)element), DicomTag.Parse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("(0010,001)")]
    [InlineData("(GGGG,0010)")]
    public void TryParse_RejectsMalformedText(string text)
    {
        Assert.False(DicomTag.TryParse(text, out _));
    }

    [Fact]
    public void Tags_SortByGroupThenElement()
    {
        var tags = new[] { new DicomTag(0x0010, 0x0020), new DicomTag(0x0008, 0xFFFF), new DicomTag(0x0010, 0x0010) };
        Array.Sort(tags);
        Assert.Equal(new[] { new DicomTag(0x0008, 0xFFFF), new DicomTag(0x0010, 0x0010), new DicomTag(0x0010, 0x0020) }, tags);
    }

    [Fact]
    public void PrivateTags_KnowTheirCreatorElement()
    {
        var data = new DicomTag(0x0029, 0x1310);
        Assert.True(data.IsPrivate);
        Assert.False(data.IsPrivateCreator);
        Assert.Equal(new DicomTag(0x0029, 0x0013), data.PrivateCreatorTag);
        Assert.True(new DicomTag(0x0029, 0x0013).IsPrivateCreator);
        Assert.False(new DicomTag(0x0003, 0x0010).IsPrivate);
        Assert.False(new DicomTag(0xFFFF, 0x0010).IsPrivate);
    }

    [Fact]
    public void ToString_UsesUppercaseHexInParentheses()
    {
        Assert.Equal("(7FE0,0010)", new DicomTag(0x7FE0, 0x0010).ToString());
    }
}
