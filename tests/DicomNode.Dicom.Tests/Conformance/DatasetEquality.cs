namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// Compares two of our own data sets element by element, for the round trip: same tags at every level,
/// same items and fragments, byte-equal values except that the writer pads odd-length values to even
/// length (PS3.5 §7.1.1) and leaves out group lengths outside group 0002 (see DatasetEncoder).
/// </summary>
internal static class DatasetEquality
{
    /// <param name="vrsEncoded">
    /// False when the copy is Implicit VR: its VRs were not written but inferred again on reading (from
    /// the data dictionary, UN for private tags), so a VR that differs is not a difference of the copy.
    /// </param>
    public static IReadOnlyList<string> Compare(DicomDataset original, DicomDataset copy, bool vrsEncoded)
    {
        var differences = new List<string>();
        CompareDataset("", original, copy, vrsEncoded, differences);
        return differences;
    }

    private static void CompareDataset(string path, DicomDataset original, DicomDataset copy, bool vrsEncoded, List<string> differences)
    {
        var expected = original.Elements.Where(e => !(e.Tag.IsGroupLength && e.Tag.Group != 0x0002)).ToList();
        var tagsExpected = expected.Select(e => e.Tag).ToHashSet();
        foreach (var element in copy.Elements.Where(e => !tagsExpected.Contains(e.Tag)))
        {
            differences.Add($"{path}{element.Tag}: in the copy only");
        }

        foreach (var element in expected)
        {
            var where = $"{path}{element.Tag}";
            if (!copy.TryGetElement(element.Tag, out var other))
            {
                differences.Add($"{where}: missing from the copy");
                continue;
            }

            if (vrsEncoded && element.VR != other.VR)
            {
                differences.Add($"{where}: VR {element.VR} became {other.VR}");
            }

            switch (element, other)
            {
                case (DicomSequence a, DicomSequence b):
                    if (a.Items.Count != b.Items.Count)
                    {
                        differences.Add($"{where}: {a.Items.Count} item(s) became {b.Items.Count}");
                    }

                    for (var i = 0; i < Math.Min(a.Items.Count, b.Items.Count); i++)
                    {
                        CompareDataset($"{where}[{i}]", a.Items[i], b.Items[i], vrsEncoded, differences);
                    }

                    break;
                case (DicomFragmentSequence a, DicomFragmentSequence b):
                    CompareBytes($"{where} offset table", a.OffsetTableBytes, b.OffsetTableBytes, differences);
                    if (a.Fragments.Count != b.Fragments.Count)
                    {
                        differences.Add($"{where}: {a.Fragments.Count} fragment(s) became {b.Fragments.Count}");
                    }

                    for (var i = 0; i < Math.Min(a.Fragments.Count, b.Fragments.Count); i++)
                    {
                        CompareBytes($"{where}[{i}]", a.Fragments[i], b.Fragments[i], differences);
                    }

                    break;
                case (DicomValueElement a, DicomValueElement b):
                    CompareBytes(where, a.Bytes, b.Bytes, differences);
                    break;
                default:
                    differences.Add($"{where}: {element.GetType().Name} became {other.GetType().Name}");
                    break;
            }
        }
    }

    private static void CompareBytes(string where, ReadOnlyMemory<byte> original, ReadOnlyMemory<byte> copy, List<string> differences)
    {
        var a = original.Span;
        var b = copy.Span;
        var padded = a.Length % 2 == 1 && b.Length == a.Length + 1 && b[..a.Length].SequenceEqual(a);
        if (!padded && !a.SequenceEqual(b))
        {
            differences.Add($"{where}: {a.Length} byte(s) became {b.Length} byte(s) with different content");
        }
    }
}
