using DicomNode.Dicom.Text;

namespace DicomNode.Dicom.Tests.Text;

/// <summary>Decode must never throw, whatever the bytes: hostile files must not crash readers.</summary>
public sealed class DicomCharacterSetRobustnessTests
{
    public static TheoryData<string> TermLists() =>
    [
        "", "ISO_IR 6", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127",
        "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 203", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192", "GB18030",
        "GBK", "ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 13\\ISO 2022 IR 87", "\\ISO 2022 IR 87\\ISO 2022 IR 159",
        "\\ISO 2022 IR 149", "\\ISO 2022 IR 58", "ISO 2022 IR 100\\ISO 2022 IR 101\\ISO 2022 IR 109\\ISO 2022 IR 110\\ISO 2022 IR 144\\ISO 2022 IR 127\\ISO 2022 IR 126\\ISO 2022 IR 138\\ISO 2022 IR 148\\ISO 2022 IR 203\\ISO 2022 IR 166",
        "ISO 2022 IR 87", "ISO 2022 IR 149", "NOT A CHARSET\\ISO 2022 IR 87",
    ];

    private static readonly DicomVR[] TextVRs = [DicomVR.SH, DicomVR.LO, DicomVR.ST, DicomVR.LT, DicomVR.PN, DicomVR.UC, DicomVR.UT, DicomVR.CS];

    [Theory]
    [MemberData(nameof(TermLists))]
    public void Decode_RandomBytes_NeverThrows(string terms)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(terms.Split('\\'));
        var random = new Random(20240905 ^ terms.Length);
        for (var round = 0; round < 400; round++)
        {
            var bytes = new byte[random.Next(0, 700)];
            random.NextBytes(bytes);
            if (round % 3 == 0)
            {
                SprinkleEscapes(bytes, random);
            }

            var vr = TextVRs[round % TextVRs.Length];
            var text = charset.Decode(bytes, vr);
            Assert.True(text.Length <= bytes.Length);
            _ = charset.Encode(text, vr);
        }
    }

    [Fact]
    public void Decode_InvalidSequences_BecomeReplacementCharacters()
    {
        var japanese = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 87"]);
        Assert.Equal("a\uFFFD", japanese.Decode("a\u001b$B;"u8, DicomVR.LO)); // half a JIS X 0208 pair
        Assert.Equal("a\uFFFDb", japanese.Decode("a\u001b$Zb"u8, DicomVR.LO)); // unknown escape sequence
        Assert.Equal("a\uFFFD", japanese.Decode("a\u001b$"u8, DicomVR.LO)); // truncated escape sequence
        var korean = DicomCharacterSet.FromSpecificCharacterSet(["", "ISO 2022 IR 149"]);
        Assert.Equal("\uFFFDA", korean.Decode([0x1B, 0x24, 0x29, 0x43, 0xB1, 0x41], DicomVR.LO));
        var utf8 = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 192"]);
        Assert.Equal("a\uFFFDb", utf8.Decode([0x61, 0xC3, 0x62], DicomVR.LO));
        var arabic = DicomCharacterSet.FromSpecificCharacterSet(["ISO_IR 127"]);
        Assert.Equal("\uFFFD", arabic.Decode([0xA1], DicomVR.LO)); // unassigned in ISO 8859-6
    }

    private static void SprinkleEscapes(byte[] bytes, Random random)
    {
        byte[][] escapes = ["\u001b(B"u8.ToArray(), "\u001b$B"u8.ToArray(), "\u001b$)C"u8.ToArray(), "\u001b$(D"u8.ToArray(), "\u001b)I"u8.ToArray(), "\u001b-A"u8.ToArray(), "\u001b$"u8.ToArray()];
        for (var k = 0; k < bytes.Length / 16; k++)
        {
            var escape = escapes[random.Next(escapes.Length)];
            var at = random.Next(bytes.Length);
            escape.AsSpan(0, Math.Min(escape.Length, bytes.Length - at)).CopyTo(bytes.AsSpan(at));
        }
    }
}
