using DicomNode.Dicom.Text;

namespace DicomNode.Dicom.Tests.Text;

public sealed class DicomCharacterSetTermTests
{
    [Fact]
    public void Default_IsTheDefaultRepertoire()
    {
        Assert.Empty(DicomCharacterSet.Default.Terms);
        Assert.Empty(DicomCharacterSet.Default.UnknownTerms);
        Assert.False(DicomCharacterSet.Default.UsesCodeExtensions);
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet([]));
        Assert.Equal("B\u00e9 ", DicomCharacterSet.Default.Decode([0x42, 0xE9, 0x20], DicomVR.PN)); // lenient: ISO 8859-1
        Assert.Equal("B? "u8.ToArray(), DicomCharacterSet.Default.Encode("B\u00e9 ", DicomVR.PN));
    }

    [Fact]
    public void Terms_AreTrimmed_AndUnknownTermsAreReportedNotThrown()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 100 ", "NONSENSE"]);
        Assert.Equal(["ISO_IR 100", "NONSENSE"], charset.Terms);
        Assert.Equal(["NONSENSE"], charset.UnknownTerms);
        Assert.Equal("\u00e9", charset.Decode([0xE9], DicomVR.LO));

        var unknownFirst = DicomCharacterSet.FromSpecificCharacterSet(["KLINGON"]);
        Assert.Equal(["KLINGON"], unknownFirst.UnknownTerms);
        Assert.Equal("abc\u00e9", unknownFirst.Decode([0x61, 0x62, 0x63, 0xE9], DicomVR.LO));
    }

    [Theory]
    [InlineData("ISO IR 100")]
    [InlineData("ISO-IR 100")]
    [InlineData("iso_ir 100")]
    [InlineData("ISO_IR_100")]
    public void CommonMisspellings_Resolve(string term)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet([term]);
        Assert.Empty(charset.UnknownTerms);
        Assert.Equal("\u00e9", charset.Decode([0xE9], DicomVR.LO));
    }

    [Fact]
    public void CodeExtensions_AreUsedForIso2022TermsAndForSeveralValues()
    {
        Assert.False(DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 100"]).UsesCodeExtensions);
        Assert.True(DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 100"]).UsesCodeExtensions);
        Assert.True(DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]).UsesCodeExtensions);
        Assert.False(DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192", "GB18030"]).UsesCodeExtensions);
    }

    [Fact]
    public void Iso2022_StateResetsAtDelimiters()
    {
        // Korean in G1 survives a delimiter only when designated again, as in PS3.5 Annex I.
        var korean = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);
        Assert.Equal("\uD64D^\u00C8\u00AB", korean.Decode([0x1B, 0x24, 0x29, 0x43, 0xC8, 0xAB, 0x5E, 0xC8, 0xAB], DicomVR.PN));

        // In LT, CR/LF resets; backslash does not.
        var latin = DicomCharacterSet.FromSpecificCharacterSet(["ISO 2022 IR 6", "ISO 2022 IR 144"]);
        var lt = new byte[] { 0x1B, 0x2D, 0x4C, 0xB0, 0x5C, 0xB0, 0x0D, 0x0A, 0xB0 };
        Assert.Equal("А\\А\r\n\u00B0", latin.Decode(lt, DicomVR.LT));
        Assert.Equal("А\\\u00B0", latin.Decode(lt.AsSpan(0, 6), DicomVR.LO));
    }

    [Fact]
    public void Decode_DoesNotTrimPadding()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"]);
        Assert.Equal("a ", charset.Decode("a "u8, DicomVR.LO));
        Assert.Equal("a\0", charset.Decode("a\0"u8, DicomVR.UT));
    }
}
