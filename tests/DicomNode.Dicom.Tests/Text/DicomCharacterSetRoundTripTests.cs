using DicomNode.Dicom.Text;

namespace DicomNode.Dicom.Tests.Text;

public sealed class DicomCharacterSetRoundTripTests
{
    public static TheoryData<string, string, DicomVR> Texts() => new()
    {
        { "ISO_IR 100", "Buc^Jérôme\\Äneas^Rüdiger", DicomVR.PN },
        { "ISO_IR 100", "Ça été «très» bien ±½", DicomVR.LT },
        { "ISO_IR 101", "Łódź Žluťoučký kůň", DicomVR.LO },
        { "ISO_IR 109", "Ħal Ġħargħur", DicomVR.LO },
        { "ISO_IR 110", "Ķīļņ ŗūž", DicomVR.SH },
        { "ISO_IR 144", "Люксембург^Иван", DicomVR.PN },
        { "ISO_IR 127", "قباني^لنزار", DicomVR.PN },
        { "ISO_IR 126", "Διονυσιος^Αλέξης", DicomVR.PN },
        { "ISO_IR 138", "שרון^דבורה", DicomVR.PN },
        { "ISO_IR 148", "Şükrü Ğİ", DicomVR.LO },
        { "ISO_IR 203", "Œuvre 5 €", DicomVR.LO },
        { "ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ", DicomVR.PN },
        { "ISO_IR 166", "สวัสดี", DicomVR.LO },
        { "ISO_IR 192", "Wang^XiaoDong=王^小東=\\😀 Ωμέγα", DicomVR.PN },
        { "GB18030", "Wang^XiaoDong=王^小东=\\𠀀 €", DicomVR.PN },
        { "GBK", "王小东 中文", DicomVR.LO },
        { "\\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN },
        { "ISO 2022 IR 13\\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", DicomVR.PN },
        { "\\ISO 2022 IR 87\\ISO 2022 IR 159", "山田 丂 ǎ\r\n太郎", DicomVR.LT },
        { "\\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동", DicomVR.PN },
        { "\\ISO 2022 IR 149", "김희중\\김희중", DicomVR.LO },
        { "\\ISO 2022 IR 58", "Zhang^XiaoDong=张^小东=", DicomVR.PN },
        { "ISO 2022 IR 100\\ISO 2022 IR 144\\ISO 2022 IR 126", "Jérôme Иван Αλέξης", DicomVR.LO },
        { "ISO 2022 IR 6\\ISO 2022 IR 87\\ISO 2022 IR 149", "山田 and 홍길동", DicomVR.ST },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void EncodeThenDecode_ReturnsTheText(string terms, string text, DicomVR vr)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(terms.Split('\\'));
        Assert.Empty(charset.UnknownTerms);
        var bytes = charset.Encode(text, vr);
        Assert.Equal(text, charset.Decode(bytes, vr));
        Assert.True(charset.CanEncode(text, vr));
    }

    [Fact]
    public void Encode_Iso2022_ReturnsToTheInitialSetBeforeDelimitersAndAtTheEnd()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);
        var bytes = charset.Encode("山\\田", DicomVR.LO);
        Assert.Equal("1B24423B331B28425C1B244245441B2842", Convert.ToHexString(bytes));
    }

    [Fact]
    public void Encode_UnrepresentableCharacters_BecomeQuestionMarks()
    {
        Assert.Equal("?a?"u8.ToArray(), DicomCharacterSet.Default.Encode("éa山", DicomVR.LO));
        var latin1 = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 100"]);
        Assert.Equal(new byte[] { 0xE9, (byte)'?', (byte)'?' }, latin1.Encode("é山😀", DicomVR.LO));
        Assert.False(latin1.CanEncode("山", DicomVR.LO));
        var japanese = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);
        Assert.Equal("a?b", japanese.Decode(japanese.Encode("a홍b", DicomVR.LO), DicomVR.LO));
    }

    [Fact]
    public void NonCharacterSetVRs_AreLatin1ByteForByte()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"]);
        Assert.Equal("\u00e9", charset.Decode([0xE9], DicomVR.CS));
        Assert.Equal(new byte[] { 0xE9 }, charset.Encode("\u00e9", DicomVR.CS));
        Assert.Equal("é", charset.Decode([0xC3, 0xA9], DicomVR.LO));
    }
}
