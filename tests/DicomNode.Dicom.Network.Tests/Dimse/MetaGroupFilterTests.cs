using DicomNode.Dicom.Network.Dimse;

namespace DicomNode.Dicom.Network.Tests.Dimse;

public sealed class MetaGroupFilterTests
{
    // (0008,0060) Modality "MR", then (0010,0010) Patient's Name "X ", in each encoding.
    private static readonly byte[] ExplicitLittleBody = { 0x08, 0x00, 0x60, 0x00, (byte)'C', (byte)'S', 2, 0, (byte)'M', (byte)'R', 0x10, 0x00, 0x10, 0x00, (byte)'P', (byte)'N', 2, 0, (byte)'X', (byte)' ' };
    private static readonly byte[] ImplicitLittleBody = { 0x08, 0x00, 0x60, 0x00, 2, 0, 0, 0, (byte)'M', (byte)'R' };
    private static readonly byte[] ExplicitBigBody = { 0x00, 0x08, 0x00, 0x60, (byte)'C', (byte)'S', 0, 2, (byte)'M', (byte)'R' };

    // (0002,0016) AE "SPOOF " (short length) and (0002,0001) OB of 2 bytes (long length), explicit VR Little Endian.
    private static readonly byte[] ExplicitLittleMeta =
    {
        0x02, 0x00, 0x16, 0x00, (byte)'A', (byte)'E', 6, 0, (byte)'S', (byte)'P', (byte)'O', (byte)'O', (byte)'F', (byte)' ',
        0x02, 0x00, 0x01, 0x00, (byte)'O', (byte)'B', 0, 0, 2, 0, 0, 0, 0, 1,
    };

    private static readonly byte[] ImplicitLittleMeta = { 0x02, 0x00, 0x16, 0x00, 6, 0, 0, 0, (byte)'S', (byte)'P', (byte)'O', (byte)'O', (byte)'F', (byte)' ' };
    private static readonly byte[] ExplicitBigMeta = { 0x00, 0x02, 0x00, 0x16, (byte)'A', (byte)'E', 0, 6, (byte)'S', (byte)'P', (byte)'O', (byte)'O', (byte)'F', (byte)' ' };

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var syntax in new[] { "explicit-le", "implicit-le", "explicit-be" })
        {
            foreach (var fragment in new[] { 1, 3, 7, 13, 1000 })
            {
                data.Add(syntax, fragment);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_RemovesLeadingGroup0002_WhateverTheFragmentBoundaries(string encoding, int fragment)
    {
        var (syntax, meta, body) = Encoding(encoding);
        var filter = new MetaGroupFilter(syntax);

        var kept = Run(filter, meta.Concat(body).ToArray(), fragment);

        Assert.Equal(body, kept);
        Assert.Equal(meta == ExplicitLittleMeta ? 2 : 1, filter.Stripped);
        Assert.False(filter.IsInvalid);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_DataSetWithoutGroup0002_PassesUntouched(string encoding, int fragment)
    {
        var (syntax, _, body) = Encoding(encoding);
        var filter = new MetaGroupFilter(syntax);

        Assert.Equal(body, Run(filter, body, fragment));
        Assert.Equal(0, filter.Stripped);
    }

    [Fact]
    public void Filter_Deflated_PassesEverything()
    {
        var filter = new MetaGroupFilter(DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
        var bytes = ExplicitLittleMeta.Concat(ExplicitLittleBody).ToArray();

        Assert.Equal(bytes, Run(filter, bytes, 5));
    }

    [Fact]
    public void Filter_Group0002OfUndefinedLength_MarksTheDataSetInvalid()
    {
        var filter = new MetaGroupFilter(DicomTransferSyntax.ImplicitVRLittleEndian);

        Run(filter, new byte[] { 0x02, 0x00, 0x16, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2 }, 4);

        Assert.True(filter.IsInvalid);
    }

    [Fact]
    public void Filter_DataSetShorterThanOneHeader_IsKeptForTheParserToRefuse()
    {
        var filter = new MetaGroupFilter(DicomTransferSyntax.ExplicitVRLittleEndian);

        Assert.Equal(new byte[] { 0x08, 0x00 }, Run(filter, new byte[] { 0x08, 0x00 }, 1));
    }

    private static (DicomTransferSyntax Syntax, byte[] Meta, byte[] Body) Encoding(string name) => name switch
    {
        "explicit-le" => (DicomTransferSyntax.ExplicitVRLittleEndian, ExplicitLittleMeta, ExplicitLittleBody),
        "implicit-le" => (DicomTransferSyntax.ImplicitVRLittleEndian, ImplicitLittleMeta, ImplicitLittleBody),
        _ => (DicomTransferSyntax.ExplicitVRBigEndian, ExplicitBigMeta, ExplicitBigBody),
    };

    private static byte[] Run(MetaGroupFilter filter, byte[] bytes, int fragment)
    {
        var output = new List<byte>();
        var kept = new List<ReadOnlyMemory<byte>>();
        for (var offset = 0; offset < bytes.Length; offset += fragment)
        {
            kept.Clear();
            filter.Filter(bytes.AsMemory(offset, Math.Min(fragment, bytes.Length - offset)), kept);
            kept.ForEach(k => output.AddRange(k.ToArray()));
        }

        kept.Clear();
        filter.Finish(kept);
        kept.ForEach(k => output.AddRange(k.ToArray()));
        return output.ToArray();
    }
}
