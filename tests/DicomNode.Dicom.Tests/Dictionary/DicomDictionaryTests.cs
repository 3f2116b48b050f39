using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom.Tests.Dictionary;

public class DicomDictionaryTests
{
    [Fact]
    public void Dictionary_holds_at_least_4000_entries()
    {
        Assert.True(DicomDictionary.Entries.Count >= 4000, $"only {DicomDictionary.Entries.Count} entries");
    }

    [Fact]
    public void Patient_name_is_a_person_name_with_its_standard_name()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0010));

        Assert.NotNull(entry);
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.Equal(DicomVR.PN, entry.VR);
        Assert.Equal("1", entry.ValueMultiplicity);
        Assert.False(entry.IsRetired);
        Assert.Equal(0xFFFFFFFFu, entry.Mask);
    }

    [Fact]
    public void Keyword_lookup_finds_the_same_entry_as_tag_lookup()
    {
        Assert.Same(DicomDictionary.Lookup(DicomTags.PatientName), DicomDictionary.Lookup("PatientName"));
        Assert.Null(DicomDictionary.Lookup("NoSuchKeyword"));
    }

    [Fact]
    public void Pixel_data_is_ob_or_ow()
    {
        var entry = DicomDictionary.Lookup(DicomTags.PixelData);

        Assert.NotNull(entry);
        Assert.Equal([DicomVR.OB, DicomVR.OW], entry.ValueRepresentations);
    }

    [Fact]
    public void Smallest_image_pixel_value_is_us_or_ss()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0028, 0x0106));

        Assert.NotNull(entry);
        Assert.Equal("SmallestImagePixelValue", entry.Keyword);
        Assert.Equal([DicomVR.US, DicomVR.SS], entry.ValueRepresentations);
    }

    [Fact]
    public void Overlay_data_of_any_even_overlay_group_resolves_to_the_repeating_entry()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x6002, 0x3000));

        Assert.NotNull(entry);
        Assert.Equal("OverlayData", entry.Keyword);
        Assert.Equal(new DicomTag(0x6000, 0x3000), entry.Tag);
        Assert.Equal([DicomVR.OB, DicomVR.OW], entry.ValueRepresentations);
        Assert.Same(entry, DicomDictionary.Lookup(new DicomTag(0x601E, 0x3000)));
        Assert.Same(entry, DicomDictionary.Lookup("OverlayData"));
    }

    [Fact]
    public void Odd_group_in_overlay_range_is_not_an_overlay()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000));

        Assert.NotEqual("OverlayData", entry?.Keyword);
    }

    [Fact]
    public void Repeating_elements_within_a_group_resolve_by_mask()
    {
        Assert.Equal("SourceImageIDs", DicomDictionary.Lookup(new DicomTag(0x0020, 0x31AB))?.Keyword);
        Assert.Equal("RowsForNthOrderCoefficients", DicomDictionary.Lookup(new DicomTag(0x0028, 0x0430))?.Keyword);
        Assert.Equal("CurveData", DicomDictionary.Lookup(new DicomTag(0x5004, 0x3000))?.Keyword);
    }

    [Fact]
    public void Retired_element_is_flagged_retired()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0008, 0x0040));

        Assert.NotNull(entry);
        Assert.Equal("DataSetType", entry.Keyword);
        Assert.True(entry.IsRetired);
    }

    [Fact]
    public void Command_and_file_meta_group_lengths_have_their_own_entries()
    {
        Assert.Equal("CommandGroupLength", DicomDictionary.Lookup(new DicomTag(0x0000, 0x0000))?.Keyword);
        Assert.Equal("FileMetaInformationGroupLength", DicomDictionary.Lookup(new DicomTag(0x0002, 0x0000))?.Keyword);
    }

    [Fact]
    public void Group_length_of_any_other_group_is_ul()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0000));

        Assert.Same(DicomDictionary.GroupLength, entry);
        Assert.Equal(DicomVR.UL, entry!.VR);
        Assert.Same(entry, DicomDictionary.Lookup(new DicomTag(0x0029, 0x0000)));
    }

    [Fact]
    public void Private_creator_element_is_lo()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0029, 0x0010));

        Assert.Same(DicomDictionary.PrivateCreator, entry);
        Assert.Equal(DicomVR.LO, entry!.VR);
        Assert.Same(entry, DicomDictionary.Lookup(new DicomTag(0x7FE1, 0x00FF)));
    }

    [Fact]
    public void Private_data_element_and_unknown_public_element_are_not_found()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0029, 0x1010)));
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x0010, 0x0001)));
    }

    [Fact]
    public void Delimiters_have_no_vr()
    {
        var entry = DicomDictionary.Lookup(DicomTag.Item);

        Assert.NotNull(entry);
        Assert.Equal("Item", entry.Keyword);
        Assert.Empty(entry.ValueRepresentations);
    }

    [Fact]
    public void Generated_tags_match_the_dictionary()
    {
        Assert.Equal(new DicomTag(0x0010, 0x0010), DicomTags.PatientName);
        Assert.Equal(new DicomTag(0x7FE0, 0x0010), DicomTags.PixelData);
        foreach (var entry in DicomDictionary.Entries.Take(50))
        {
            Assert.Same(entry, DicomDictionary.Lookup(entry.Tag));
        }
    }

    [Fact]
    public void Tag_lookup_does_not_allocate()
    {
        var tags = new[] { DicomTags.PatientName, new DicomTag(0x6002, 0x3000), new DicomTag(0x0029, 0x0010), new DicomTag(0x0029, 0x1010) };
        foreach (var tag in tags)
        {
            DicomDictionary.Lookup(tag);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            foreach (var tag in tags)
            {
                DicomDictionary.Lookup(tag);
            }
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
