namespace DicomNode.Dicom.Tests;

public sealed class DicomVRInfoTests
{
    [Fact]
    public void Table_HoldsThe34VRsOfPS3_5()
    {
        Assert.Equal(34, DicomVRInfo.All.Count);
        Assert.Equal(Enum.GetValues<DicomVR>().Where(v => v != DicomVR.None), DicomVRInfo.All.Select(i => i.VR));
    }

    [Theory]
    [InlineData(DicomVR.OB)]
    [InlineData(DicomVR.OD)]
    [InlineData(DicomVR.OF)]
    [InlineData(DicomVR.OL)]
    [InlineData(DicomVR.OV)]
    [InlineData(DicomVR.OW)]
    [InlineData(DicomVR.SQ)]
    [InlineData(DicomVR.SV)]
    [InlineData(DicomVR.UC)]
    [InlineData(DicomVR.UN)]
    [InlineData(DicomVR.UR)]
    [InlineData(DicomVR.UT)]
    [InlineData(DicomVR.UV)]
    public void LongLengthVRs_AreThoseOfTable7_1_1(DicomVR vr)
    {
        Assert.True(DicomVRInfo.Of(vr).HasLongLength);
    }

    [Fact]
    public void ShortLengthVRs_AreAllTheOthers()
    {
        var longOnes = new[] { "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" };
        foreach (var info in DicomVRInfo.All.Where(i => !longOnes.Contains(i.VR.ToString())))
        {
            Assert.False(info.HasLongLength, info.VR.ToString());
        }
    }

    [Theory]
    [InlineData(DicomVR.UI, 0x00)]
    [InlineData(DicomVR.OB, 0x00)]
    [InlineData(DicomVR.CS, 0x20)]
    [InlineData(DicomVR.PN, 0x20)]
    [InlineData(DicomVR.UT, 0x20)]
    public void PaddingByte_IsNulForUidsAndBinarySpaceForText(DicomVR vr, byte padding)
    {
        Assert.Equal(padding, DicomVRInfo.Of(vr).PaddingByte);
    }

    [Fact]
    public void CharacterSet_AppliesExactlyToTheTextVRsOfPS3_5_6_1_2_3()
    {
        var expected = new[] { DicomVR.LO, DicomVR.LT, DicomVR.PN, DicomVR.SH, DicomVR.ST, DicomVR.UC, DicomVR.UT };
        Assert.Equal(expected, DicomVRInfo.All.Where(i => i.UsesCharacterSet).Select(i => i.VR));
    }

    [Theory]
    [InlineData(DicomVR.AE, 16u)]
    [InlineData(DicomVR.CS, 16u)]
    [InlineData(DicomVR.DS, 16u)]
    [InlineData(DicomVR.IS, 12u)]
    [InlineData(DicomVR.LO, 64u)]
    [InlineData(DicomVR.SH, 16u)]
    [InlineData(DicomVR.UI, 64u)]
    [InlineData(DicomVR.ST, 1024u)]
    [InlineData(DicomVR.LT, 10240u)]
    public void MaxLength_FollowsTable6_2_1(DicomVR vr, uint max)
    {
        Assert.Equal(max, DicomVRInfo.Of(vr).MaxLength);
    }

    [Fact]
    public void TryParse_ReadsEveryCodeAndRejectsOthers()
    {
        foreach (var info in DicomVRInfo.All)
        {
            Assert.True(DicomVRInfo.TryParse(info.VR.ToString(), out var vr));
            Assert.Equal(info.VR, vr);
            Assert.Equal(info.VR.ToString(), System.Text.Encoding.ASCII.GetString(DicomVRInfo.CodeBytes(info.VR)));
        }

        Assert.False(DicomVRInfo.TryParse("ZZ", out _));
        Assert.False(DicomVRInfo.TryParse("s", out _));
        Assert.False(DicomVRInfo.TryParse(new byte[] { 0x00, 0x41 }, out _));
    }
}
