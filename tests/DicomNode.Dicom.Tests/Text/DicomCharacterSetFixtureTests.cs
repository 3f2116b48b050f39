using DicomNode.Dicom.Text;

namespace DicomNode.Dicom.Tests.Text;

/// <summary>Decodes every charset-dependent value of pydicom's charset_files and compares with pydicom 2.3.</summary>
public sealed class DicomCharacterSetFixtureTests
{
    private static readonly string[] Names =
    [
        "chrArab", "chrFren", "chrFrenMulti", "chrGerm", "chrGreek", "chrH31", "chrH32", "chrHbrw", "chrI2",
        "chrJapMulti", "chrJapMultiExplicitIR6", "chrKoreanMulti", "chrRuss", "chrSQEncoding", "chrSQEncoding1",
        "chrX1", "chrX2",
    ];

    public static TheoryData<string> FileNames() => new(Names);

    [Fact]
    public void Fixture_CoversEveryFile()
    {
        Assert.Equal(Names.Order(), CharsetFixture.Files.Select(f => f.Name).Order());
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void Decode_MatchesPydicom(string file)
    {
        var entry = CharsetFixture.File(file);
        Assert.NotEmpty(entry.Values);
        foreach (var value in entry.Values)
        {
            var charset = DicomCharacterSet.FromSpecificCharacterSet(value.Terms);
            Assert.Empty(charset.UnknownTerms);
            var decoded = charset.Decode(value.Bytes, value.VR);
            Assert.True(
                value.Expected == LikePydicom(decoded, value.VR),
                $"{file} {value.Path} {value.VR}: expected '{value.Expected}', decoded '{decoded}'");
        }
    }

    [Theory]
    [InlineData("chrH31")]
    [InlineData("chrH32")]
    [InlineData("chrI2")]
    [InlineData("chrX1")]
    [InlineData("chrX2")]
    [InlineData("chrGreek")]
    [InlineData("chrRuss")]
    public void Encode_ReproducesTheStandardExampleBytes(string file)
    {
        // PS3.5 Annex H (H31, H32), Annex I (I2) and Annex J (X1, X2) examples: the patient name bytes.
        var value = CharsetFixture.File(file).Values.Single(v => v.Path == "(0010,0010)");
        var charset = DicomCharacterSet.FromSpecificCharacterSet(value.Terms);
        var text = charset.Decode(value.Bytes, value.VR).TrimEnd(' ');
        var expected = value.Bytes.AsSpan().TrimEnd((byte)' ').ToArray();
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(charset.Encode(text, value.VR)));
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public void EncodeThenDecode_ReturnsEveryFixtureValue(string file)
    {
        foreach (var value in CharsetFixture.File(file).Values)
        {
            var charset = DicomCharacterSet.FromSpecificCharacterSet(value.Terms);
            var text = charset.Decode(value.Bytes, value.VR);
            Assert.Equal(text, charset.Decode(charset.Encode(text, value.VR), value.VR));
        }
    }

    /// <summary>
    /// pydicom trims trailing spaces and NULs from each text value (from the whole element for PN) and
    /// drops empty trailing PN component groups; Decode trims nothing, so trim its result the same way.
    /// </summary>
    private static string LikePydicom(string decoded, DicomVR vr)
    {
        if (vr == DicomVR.PN)
        {
            return string.Join('\\', decoded.TrimEnd(' ', '\0').Split('\\').Select(v => v.TrimEnd('=')));
        }

        return DicomVRInfo.Of(vr).IsMultiValued
            ? string.Join('\\', decoded.Split('\\').Select(v => v.TrimEnd(' ', '\0')))
            : decoded.TrimEnd(' ', '\0');
    }
}
