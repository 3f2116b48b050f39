using System.Text;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>The parser and comparer on hand-written dumps, so that agreement on the corpus means something.</summary>
public sealed class DcmdumpComparerTests
{
    private const string Dump = """

        # Dicom-File-Format

        # Dicom-Meta-Information-Header
        # Used TransferSyntax: Little Endian Explicit
        (0002,0010) UI [1.2.840.10008.1.2.1]                    #  20, 1 TransferSyntaxUID

        # Dicom-Data-Set
        # Used TransferSyntax: Little Endian Explicit
        (0010,0010) PN [&#196;neas^R&#252;diger]                #  14, 1 PatientName
        (0018,0050) DS [2.5]                                    #   4, 1 SliceThickness
        (0028,0010) US 512                                      #   2, 1 Rows
        (0040,0275) SQ (Sequence with explicit length #=1)      #  18, 1 RequestAttributesSequence
          (fffe,e000) na (Item with explicit length #=1)          #  10, 1 Item
            (0040,0007) LO [a#1, 2 b]                               #   8, 1 ScheduledProcedureStepDescription
          (fffe,e00d) na (ItemDelimitationItem for re-encoding)   #   0, 0 ItemDelimitationItem
        (fffe,e0dd) na (SequenceDelimitationItem for re-enc.)   #   0, 0 SequenceDelimitationItem
        (3006,0050) DS [1\2\3\4\5\6\7\8\9\10]                   #  20,10 ContourData
        """;

    [Fact]
    public void Parse_ReadsNestingEntitiesAndMultiDigitMultiplicity()
    {
        var document = DcmdumpParser.Parse(Dump);

        Assert.Single(document.MetaInformation);
        Assert.Equal(5, document.Dataset.Count);
        Assert.Equal("\u00C4neas^R\u00FCdiger", document.Dataset[0].Value);
        var item = Assert.Single(document.Dataset[3].Children);
        Assert.Equal("a#1, 2 b", Assert.Single(item.Children).Value);
        Assert.Equal(20u, document.Dataset[4].Length);
    }

    [Fact]
    public void Compare_WhenEverythingMatches_ReportsNothing()
    {
        Assert.Empty(DcmdumpComparer.Compare(BuildFile("2.5 "), DcmdumpParser.Parse(Dump)));
    }

    [Fact]
    public void Compare_WhenAValueDiffers_ReportsTheElement()
    {
        var differences = DcmdumpComparer.Compare(BuildFile("2.6 "), DcmdumpParser.Parse(Dump));

        var difference = Assert.Single(differences);
        Assert.StartsWith("(0018,0050): DS value [2.6] ≠ dcmdump [2.5]", difference, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_WhenAnElementIsMissing_ReportsIt()
    {
        var file = BuildFile("2.5 ");
        file.Dataset.Remove(new DicomTag(0x0028, 0x0010));

        var difference = Assert.Single(DcmdumpComparer.Compare(file, DcmdumpParser.Parse(Dump)));
        Assert.Contains("we did not read it", difference, StringComparison.Ordinal);
    }

    private static DicomFile BuildFile(string sliceThickness)
    {
        var meta = new DicomDataset();
        meta.Add(Text(0x0002, 0x0010, DicomVR.UI, "1.2.840.10008.1.2.1\0"));
        var item = new DicomDataset();
        item.Add(Text(0x0040, 0x0007, DicomVR.LO, "a#1, 2 b"));
        var dataset = new DicomDataset();
        dataset.Add(new DicomValueElement(new DicomTag(0x0010, 0x0010), DicomVR.PN, Encoding.Latin1.GetBytes("\u00C4neas^R\u00FCdiger ")));
        dataset.Add(Text(0x0018, 0x0050, DicomVR.DS, sliceThickness));
        dataset.Add(new DicomValueElement(new DicomTag(0x0028, 0x0010), DicomVR.US, new byte[] { 0x00, 0x02 }));
        dataset.Add(new DicomSequence(new DicomTag(0x0040, 0x0275), [item]));
        dataset.Add(Text(0x3006, 0x0050, DicomVR.DS, @"1\2\3\4\5\6\7\8\9\10"));
        return new DicomFile(meta, dataset, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    private static DicomValueElement Text(ushort group, ushort element, DicomVR vr, string value) =>
        new(new DicomTag(group, element), vr, Encoding.ASCII.GetBytes(value));
}
