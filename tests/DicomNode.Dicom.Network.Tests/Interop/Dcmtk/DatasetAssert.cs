namespace DicomNode.Dicom.Network.Tests.Interop.Dcmtk;

/// <summary>
/// Compares two data sets as our reader sees them: the same tags in the same order, the same VRs and
/// the same value bytes, recursively through sequences and fragments. The reader hands every value
/// back in Little Endian, so a file sent Big Endian and stored Little Endian compares equal exactly
/// when only the byte order changed.
/// </summary>
internal static class DatasetAssert
{
    public static void Equal(DicomDataset expected, DicomDataset actual, string context)
    {
        var expectedElements = expected.Elements.Where(Compared).ToList();
        var actualElements = actual.Elements.Where(Compared).ToList();
        var expectedTags = expectedElements.Select(e => e.Tag).ToList();
        var actualTags = actualElements.Select(e => e.Tag).ToList();
        if (!expectedTags.SequenceEqual(actualTags))
        {
            var first = expectedTags.Zip(actualTags).TakeWhile(p => p.First == p.Second).Count();
            Assert.Fail($"{context}: tags differ from element {first}: sent {string.Join(' ', expectedTags.Skip(first).Take(5))}, stored {string.Join(' ', actualTags.Skip(first).Take(5))}");
        }

        for (var i = 0; i < expectedElements.Count; i++)
        {
            Equal(expectedElements[i], actualElements[i], context);
        }
    }

    /// <summary>
    /// Group lengths (gggg,0000) are optional (PS3.5 §7.2) and a sender may add or drop them; Data Set
    /// Trailing Padding (FFFC,FFFC) belongs to the file, not the data set sent (PS3.10 §7.2), and DCMTK drops it.
    /// </summary>
    private static bool Compared(DicomElement element) => !element.Tag.IsGroupLength && element.Tag != new DicomTag(0xFFFC, 0xFFFC);

    private static void Equal(DicomElement expected, DicomElement actual, string context)
    {
        var where = $"{context} {expected.Tag}";
        // PS3.5 §A.4: encapsulated pixel data is OB; DCMTK corrects a file that says OW (693_J2KI.dcm) as it sends.
        var correctedToOB = expected is DicomFragmentSequence && actual.VR == DicomVR.OB;
        Assert.True(expected.VR == actual.VR || correctedToOB, $"{where}: VR {expected.VR} was stored as {actual.VR}");
        switch (expected)
        {
            case DicomValueElement value:
                var stored = Assert.IsType<DicomValueElement>(actual);
                Assert.True(
                    Significant(value).SequenceEqual(Significant(stored)),
                    $"{where}: value bytes differ ({value.Length} sent, {stored.Length} stored)");
                break;
            case DicomSequence sequence:
                var storedSequence = Assert.IsType<DicomSequence>(actual);
                Assert.True(sequence.Items.Count == storedSequence.Items.Count, $"{where}: {sequence.Items.Count} items sent, {storedSequence.Items.Count} stored");
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    Equal(sequence.Items[i], storedSequence.Items[i], $"{where}[{i}]");
                }

                break;
            case DicomFragmentSequence fragments:
                var storedFragments = Assert.IsType<DicomFragmentSequence>(actual);
                Assert.True(fragments.OffsetTableBytes.Span.SequenceEqual(storedFragments.OffsetTableBytes.Span), $"{where}: basic offset table differs");
                Assert.True(fragments.Fragments.Count == storedFragments.Fragments.Count, $"{where}: {fragments.Fragments.Count} fragments sent, {storedFragments.Fragments.Count} stored");
                for (var i = 0; i < fragments.Fragments.Count; i++)
                {
                    Assert.True(fragments.Fragments[i].Span.SequenceEqual(storedFragments.Fragments[i].Span), $"{where}: fragment {i} differs");
                }

                break;
            default:
                throw new InvalidOperationException($"{where}: unexpected element type {expected.GetType().Name}");
        }
    }

    /// <summary>
    /// The value bytes that carry meaning. PS3.5 §6.2: trailing spaces of a text value are padding, and
    /// DCMTK drops surplus ones as it sends (SC_rgb_gdcm_KY.dcm's "OTHER  " arrives as "OTHER ").
    /// </summary>
    private static ReadOnlySpan<byte> Significant(DicomValueElement element) =>
        DicomVRInfo.Of(element.VR).Kind == DicomVRKind.Text ? element.Bytes.Span.TrimEnd((byte)' ').TrimEnd((byte)0) : element.Bytes.Span;
}
