using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom.Tests.Dictionary;

public class DicomUidsTests
{
    [Fact]
    public void Mr_image_storage_is_a_sop_class()
    {
        var entry = DicomUids.Lookup("1.2.840.10008.5.1.4.1.1.4");

        Assert.NotNull(entry);
        Assert.Equal("MR Image Storage", entry.Name);
        Assert.Equal("MRImageStorage", entry.Keyword);
        Assert.Equal(DicomUidType.SopClass, entry.Type);
        Assert.False(entry.IsRetired);
        Assert.Equal("1.2.840.10008.5.1.4.1.1.4", DicomUids.MRImageStorage);
    }

    [Fact]
    public void Explicit_vr_little_endian_is_a_transfer_syntax()
    {
        var entry = DicomUids.Lookup(DicomUids.ExplicitVRLittleEndian);

        Assert.NotNull(entry);
        Assert.Equal("1.2.840.10008.1.2.1", entry.Uid);
        Assert.Equal(DicomUidType.TransferSyntax, entry.Type);
    }

    [Fact]
    public void Padded_uid_is_found_and_unknown_uid_is_not()
    {
        Assert.Equal("Verification", DicomUids.Lookup("1.2.840.10008.1.1\0")?.Keyword);
        Assert.Null(DicomUids.Lookup("1.2.3.4"));
    }

    [Fact]
    public void Retired_transfer_syntax_is_flagged_retired()
    {
        Assert.True(DicomUids.Lookup(DicomUids.ExplicitVRBigEndian)?.IsRetired);
    }
}
