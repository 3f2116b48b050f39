namespace DicomNode.Dicom.Tests;

public sealed class DicomDatasetTests
{
    [Fact]
    public void Elements_StayInTagOrderWhateverTheInsertionOrder()
    {
        var ds = new DicomDataset()
            .SetString(DicomTags.PatientID, "P1")
            .SetString(DicomTags.Modality, "MR")
            .SetUid(DicomTags.SOPInstanceUID, "1.2.3");
        Assert.Equal(new[] { DicomTags.SOPInstanceUID, DicomTags.Modality, DicomTags.PatientID }, ds.Elements.Select(e => e.Tag));
    }

    [Fact]
    public void Add_RefusesADuplicateTagButAddOrUpdateReplaces()
    {
        var ds = new DicomDataset();
        ds.Add(new DicomValueElement(DicomTags.Modality, DicomVR.CS, "MR"u8.ToArray()));
        Assert.Throws<InvalidOperationException>(() => ds.Add(new DicomValueElement(DicomTags.Modality, DicomVR.CS, "CT"u8.ToArray())));
        ds.SetString(DicomTags.Modality, "CT");
        Assert.Equal("CT", ds.GetString(DicomTags.Modality));
        Assert.Equal(1, ds.Count);
    }

    [Fact]
    public void Remove_TakesTheElementOut()
    {
        var ds = new DicomDataset().SetString(DicomTags.Modality, "MR");
        Assert.True(ds.Remove(DicomTags.Modality));
        Assert.False(ds.Remove(DicomTags.Modality));
        Assert.Null(ds.GetString(DicomTags.Modality));
    }

    [Fact]
    public void GetStrings_SplitsValuesAndTrimsPadding()
    {
        var ds = new DicomDataset();
        ds.Add(new DicomValueElement(DicomTags.ImageType, DicomVR.CS, "ORIGINAL\\PRIMARY\\AXIAL "u8.ToArray()));
        ds.Add(new DicomValueElement(DicomTags.SOPClassUID, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.4\0"u8.ToArray()));
        Assert.Equal(new[] { "ORIGINAL", "PRIMARY", "AXIAL" }, ds.GetStrings(DicomTags.ImageType));
        Assert.Equal("AXIAL", ds.GetString(DicomTags.ImageType, 2));
        Assert.Null(ds.GetString(DicomTags.ImageType, 3));
        Assert.Equal("1.2.840.10008.5.1.4.1.1.4", ds.GetUid(DicomTags.SOPClassUID));
        Assert.Equal(3, ds.GetValueCount(DicomTags.ImageType));
    }

    [Fact]
    public void NumericAccessors_ReadDecimalAndIntegerStringsAndBinaryNumbers()
    {
        var ds = new DicomDataset()
            .SetDecimalStrings(DicomTags.PixelSpacing, 0.78125, 0.8)
            .SetIntegerStrings(DicomTags.InstanceNumber, -12)
            .SetUInt16(DicomTags.Rows, 256)
            .SetInt16(DicomTags.SmallestImagePixelValue, -5)
            .SetDouble(DicomTags.DiffusionBValue, 800.0);
        Assert.Equal(new[] { 0.78125, 0.8 }, ds.GetDoubles(DicomTags.PixelSpacing));
        Assert.Equal(-12, ds.GetInt32(DicomTags.InstanceNumber));
        Assert.Equal((ushort)256, ds.GetUInt16(DicomTags.Rows));
        Assert.Equal(-5, ds.GetInt32(DicomTags.SmallestImagePixelValue));
        Assert.Equal(800.0, ds.GetDouble(DicomTags.DiffusionBValue));
        Assert.False(ds.TryGetDouble(DicomTags.SliceThickness, out _));
        Assert.Throws<KeyNotFoundException>(() => ds.GetUInt16(DicomTags.Columns));
    }

    [Fact]
    public void DecimalStrings_NeverExceedSixteenCharacters()
    {
        var ds = new DicomDataset().SetDecimalStrings(DicomTags.ImagePositionPatient, -123.45678901234567, 1e-20, 12345678901234567.0);
        foreach (var value in ds.GetStrings(DicomTags.ImagePositionPatient))
        {
            Assert.True(value.Length <= 16, value);
        }

        Assert.Equal(-123.45678901234567, ds.GetDouble(DicomTags.ImagePositionPatient), 1e-9);
    }

    [Fact]
    public void DatesTimesAndDateTimes_Parse()
    {
        var ds = new DicomDataset()
            .SetString(DicomTags.StudyDate, "20240229")
            .SetString(DicomTags.StudyTime, "101530.25")
            .SetString(DicomTags.AcquisitionDateTime, "20240229101530.5+0130");
        Assert.Equal(new DateOnly(2024, 2, 29), ds.GetDate(DicomTags.StudyDate));
        Assert.Equal(new TimeOnly(10, 15, 30, 250), ds.GetTime(DicomTags.StudyTime));
        Assert.Equal(new DateTime(2024, 2, 29, 10, 15, 30, 250), ds.GetDateTime(DicomTags.StudyDate, DicomTags.StudyTime));
        Assert.Equal(new DateTimeOffset(2024, 2, 29, 10, 15, 30, 500, TimeSpan.FromMinutes(90)), ds.GetDateTime(DicomTags.AcquisitionDateTime));
    }

    [Theory]
    [InlineData("20230230")]
    [InlineData("2023")]
    [InlineData("")]
    public void GetDate_IsNullForInvalidDates(string text)
    {
        var ds = new DicomDataset().SetString(DicomTags.StudyDate, text);
        Assert.Null(ds.GetDate(DicomTags.StudyDate));
    }

    [Fact]
    public void PersonName_SplitsGroupsAndComponents()
    {
        var ds = new DicomDataset()
            .SetString(DicomTags.SpecificCharacterSet, "ISO_IR 192")
            .SetString(DicomTags.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう");
        var name = ds.GetPersonName(DicomTags.PatientName)!;
        Assert.Equal("Yamada", name.FamilyName);
        Assert.Equal("Tarou", name.GivenName);
        Assert.Equal("山田^太郎", name.Ideographic);
        Assert.Equal("やまだ^たろう", name.Phonetic);
    }

    [Fact]
    public void PrivateTags_ReserveABlockPerCreatorAndFindItAgain()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0029, 0x0010), DicomVR.LO, "OTHER VENDOR");
        var tag = ds.ReservePrivateTag(0x0029, "DICOMNODE 1.0", 0x01);
        Assert.Equal(new DicomTag(0x0029, 0x1101), tag);
        ds.SetString(tag, DicomVR.LO, "value");
        Assert.Equal(tag, ds.FindPrivateTag(0x0029, "DICOMNODE 1.0", 0x01));
        Assert.Equal(tag, ds.ReservePrivateTag(0x0029, "DICOMNODE 1.0", 0x01));
        Assert.Equal("DICOMNODE 1.0", ds.GetPrivateCreator(tag));
        Assert.Null(ds.FindPrivateTag(0x0029, "ABSENT", 0x01));
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.ReservePrivateTag(0x0010, "X", 1));
    }

    [Fact]
    public void Sequences_NestItemsThatInheritTheCharacterSet()
    {
        var item = new DicomDataset().SetUid(DicomTags.ReferencedSOPInstanceUID, "1.2.3");
        var ds = new DicomDataset()
            .SetString(DicomTags.SpecificCharacterSet, "ISO_IR 100")
            .SetSequence(DicomTags.ReferencedImageSequence, item);
        Assert.Same(ds, item.Parent);
        Assert.Equal("1.2.3", ds.GetSequence(DicomTags.ReferencedImageSequence)!.Items[0].GetUid(DicomTags.ReferencedSOPInstanceUID));
    }

    [Fact]
    public void BinaryArrays_ReadBackWhatWasSet()
    {
        var ds = new DicomDataset()
            .SetSingle(DicomTags.RecommendedDisplayCIELabValue, 1.5f, -2f)
            .SetTags(DicomTags.FrameIncrementPointer, DicomTags.FrameTime);
        Assert.Equal(new[] { 1.5f, -2f }, ds.GetSingleArray(DicomTags.RecommendedDisplayCIELabValue));
        Assert.Equal(new[] { DicomTags.FrameTime }, ds.GetTags(DicomTags.FrameIncrementPointer));
    }

    [Fact]
    public void SetString_WithoutVR_RefusesAmbiguousDictionaryEntries()
    {
        Assert.Throws<ArgumentException>(() => new DicomDataset().SetString(DicomTags.SmallestImagePixelValue, "1"));
        Assert.Throws<ArgumentException>(() => new DicomDataset().SetString(new DicomTag(0x0009, 0x1001), "1"));
    }
}
