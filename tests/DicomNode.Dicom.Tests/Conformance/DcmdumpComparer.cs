using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace DicomNode.Dicom.Tests.Conformance;

/// <summary>
/// Compares what our reader made of a file with what DCMTK's <c>dcmdump</c> printed for it: the same
/// tags at every nesting level, the same VRs, lengths and values, the same items and fragments. Returns
/// every difference as a line naming the path of the element; an empty list is agreement.
/// </summary>
/// <remarks>
/// Text values are compared as bytes: ours decoded as Latin-1 (one char a byte), DCMTK's dump read as
/// Latin-1 with its <c>&amp;#nnn;</c> quoting undone. Neither side converts character sets, so the
/// comparison holds whatever the Specific Character Set.
/// The normalisations — each a place where DCMTK presents the same data differently, never a
/// difference in the data — are listed in <see cref="Normalisation"/> and applied only where named.
/// </remarks>
internal sealed class DcmdumpComparer
{
    private static readonly Encoding Latin1 = Encoding.Latin1;
    private readonly List<string> _differences = new();

    public static IReadOnlyList<string> Compare(DicomFile file, DcmdumpDocument dump)
    {
        var comparer = new DcmdumpComparer();
        var implicitVR = !file.TransferSyntax.IsExplicitVR;
        comparer.CompareDataset("meta", file.FileMetaInformation, dump.MetaInformation, implicitVR: false);
        comparer.CompareDataset("", file.Dataset, dump.Dataset, implicitVR);
        return comparer._differences;
    }

    private void CompareDataset(string path, DicomDataset ours, List<DcmdumpNode> theirs, bool implicitVR)
    {
        var byTag = new Dictionary<DicomTag, DcmdumpNode>();
        foreach (var node in theirs)
        {
            if (!byTag.TryAdd(node.Tag, node))
            {
                Report(path, node.Tag, $"dcmdump shows the tag twice ({node})");
            }
        }

        foreach (var element in ours.Elements)
        {
            if (!byTag.Remove(element.Tag, out var node))
            {
                Report(path, element.Tag, $"we read {Describe(element)}; dcmdump does not show it");
                continue;
            }

            CompareElement(path, element, node, implicitVR);
        }

        foreach (var node in byTag.Values)
        {
            Report(path, node.Tag, $"dcmdump shows {node}; we did not read it");
        }
    }

    private void CompareElement(string path, DicomElement element, DcmdumpNode node, bool implicitVR)
    {
        switch (element)
        {
            case DicomSequence sequence:
                CompareSequence(path, sequence, node, implicitVR);
                break;
            case DicomFragmentSequence fragments:
                CompareFragments(path, fragments, node);
                break;
            case DicomValueElement value:
                CompareValue(path, value, node, implicitVR);
                break;
        }
    }

    private void CompareSequence(string path, DicomSequence sequence, DcmdumpNode node, bool implicitVR)
    {
        if (node.VR != "SQ")
        {
            Report(path, sequence.Tag, $"we read a sequence; dcmdump shows {node}");
            return;
        }

        // Sequence and item lengths are not compared: the reader keeps items, not the lengths they were
        // encoded with (the writer always uses undefined length), so there is nothing of ours to compare.
        if (node.Children.Count != sequence.Items.Count)
        {
            Report(path, sequence.Tag, $"we read {sequence.Items.Count} item(s); dcmdump shows {node.Children.Count}");
        }

        for (var i = 0; i < Math.Min(node.Children.Count, sequence.Items.Count); i++)
        {
            var item = node.Children[i];
            var itemPath = $"{path}{sequence.Tag}[{i}]";
            if (item.Tag != DicomTag.Item || item.VR != "na")
            {
                Report(itemPath, item.Tag, $"expected an item line, dcmdump shows {item}");
                continue;
            }

            // Inside an item the VRs are encoded as in the enclosing data set, except in the items of a
            // UN of undefined length, which PS3.5 §6.2.2 says are Implicit VR Little Endian.
            CompareDataset(itemPath, sequence.Items[i], item.Children, implicitVR || IsUnknownSequenceTag(sequence.Tag));
        }
    }

    private void CompareFragments(string path, DicomFragmentSequence fragments, DcmdumpNode node)
    {
        if (!node.Value.StartsWith("(PixelSequence", StringComparison.Ordinal))
        {
            Report(path, fragments.Tag, $"we read encapsulated pixel data; dcmdump shows {node}");
            return;
        }

        if (!Normalisation.SameEncapsulatedVR(fragments.VR, node.VR))
        {
            Report(path, fragments.Tag, $"VR {fragments.VR} ≠ dcmdump {node.VR}");
        }

        var ours = new List<ReadOnlyMemory<byte>> { fragments.OffsetTableBytes };
        ours.AddRange(fragments.Fragments);
        if (ours.Count != node.Children.Count)
        {
            Report(path, fragments.Tag, $"we read an offset table and {fragments.Fragments.Count} fragment(s); dcmdump shows {node.Children.Count} item(s)");
        }

        for (var i = 0; i < Math.Min(ours.Count, node.Children.Count); i++)
        {
            var item = node.Children[i];
            var itemPath = $"{path}{fragments.Tag}[{i}]";
            if (item.Tag != DicomTag.Item || item.VR != "pi")
            {
                Report(itemPath, item.Tag, $"expected a fragment item, dcmdump shows {item}");
                continue;
            }

            if (item.Length != (uint)ours[i].Length)
            {
                Report(itemPath, item.Tag, $"length {ours[i].Length} ≠ dcmdump {Length(item)}");
            }

            var expected = item.IsEmpty ? string.Empty : item.Value;
            var actual = Hex(ours[i].Span, 1);
            if (actual != expected)
            {
                Report(itemPath, item.Tag, $"fragment bytes differ: {Cut(actual)} ≠ dcmdump {Cut(expected)}");
            }
        }
    }

    private void CompareValue(string path, DicomValueElement element, DcmdumpNode node, bool implicitVR)
    {
        var vr = element.VR;
        var theirVR = node.VR;
        if (theirVR != vr.ToString())
        {
            var shownAs = Normalisation.VRShownByDcmtk(element, theirVR, implicitVR);
            if (shownAs is null)
            {
                Report(path, element.Tag, $"VR {vr} ≠ dcmdump {theirVR} ({node})");
                return;
            }

            vr = shownAs.Value;
        }

        var expected = node.IsEmpty ? string.Empty : node.Value;
        var bytes = element.Bytes.Span;
        if (vr is DicomVR.OB or DicomVR.UN && Normalisation.IsDcmtkPaddedBinary(vr, element.Length, node.Length, Hex(bytes, 1), expected))
        {
            return;
        }

        if (node.Length != (uint)element.Length)
        {
            Report(path, element.Tag, $"length {element.Length} ≠ dcmdump {Length(node)}");
        }

        var info = DicomVRInfo.Of(vr);
        bool equal;
        string actual;
        switch (info.Kind)
        {
            case DicomVRKind.Text:
                actual = Normalisation.TextAsShownByDcmtk(vr, Latin1.GetString(bytes));
                equal = actual == expected;
                break;
            case DicomVRKind.Numeric when vr == DicomVR.AT:
                actual = Tags(bytes);
                equal = actual == expected;
                break;
            case DicomVRKind.Numeric:
                actual = DicomDumper.FormatNumbers(vr, bytes);
                equal = Normalisation.NumbersEqual(vr, actual, expected);
                break;
            default:
                actual = vr switch
                {
                    DicomVR.OF => DicomDumper.FormatNumbers(DicomVR.FL, bytes),
                    DicomVR.OD => DicomDumper.FormatNumbers(DicomVR.FD, bytes),
                    DicomVR.OL => DicomDumper.FormatNumbers(DicomVR.UL, bytes),
                    DicomVR.OV => DicomDumper.FormatNumbers(DicomVR.UV, bytes),
                    DicomVR.OW => Hex(bytes, 2),
                    _ => Hex(bytes, 1),
                };
                equal = vr switch
                {
                    DicomVR.OF => Normalisation.NumbersEqual(DicomVR.FL, actual, expected),
                    DicomVR.OD => Normalisation.NumbersEqual(DicomVR.FD, actual, expected),
                    _ => actual == expected,
                };
                break;
        }

        if (!equal)
        {
            Report(path, element.Tag, $"{vr} value [{Cut(actual)}] ≠ dcmdump [{Cut(expected)}]");
        }
    }

    /// <summary>A tag whose dictionary VR is not SQ (private, unknown): read as a sequence, it was a UN of undefined length or an implicit VR sequence.</summary>
    private static bool IsUnknownSequenceTag(DicomTag tag) =>
        DicomNode.Dicom.Dictionary.DicomDictionary.Lookup(tag)?.VR != DicomVR.SQ;

    internal static string Hex(ReadOnlySpan<byte> bytes, int unit)
    {
        var text = new StringBuilder(bytes.Length * 3);
        for (var i = 0; i + unit <= bytes.Length; i += unit)
        {
            if (i > 0)
            {
                text.Append('\\');
            }

            for (var b = unit - 1; b >= 0; b--)
            {
                text.Append(bytes[i + b].ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static string Tags(ReadOnlySpan<byte> bytes)
    {
        var parts = new List<string>();
        for (var i = 0; i + 4 <= bytes.Length; i += 4)
        {
            parts.Add($"({BinaryPrimitives.ReadUInt16LittleEndian(bytes[i..]):x4},{BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i + 2)..]):x4})");
        }

        return string.Join('\\', parts);
    }

    private static string Describe(DicomElement element) => element switch
    {
        DicomSequence s => $"SQ with {s.Items.Count} item(s)",
        DicomFragmentSequence f => $"{f.VR} encapsulated, {f.Fragments.Count} fragment(s)",
        DicomValueElement v => $"{v.VR} #{v.Length}",
        _ => element.ToString() ?? string.Empty,
    };

    private static string Length(DcmdumpNode node) => node.Length?.ToString(CultureInfo.InvariantCulture) ?? "u/l";

    private static string Cut(string text) => text.Length > 120 ? string.Concat(text.AsSpan(0, 120), "...") : text;

    private void Report(string path, DicomTag tag, string message) => _differences.Add($"{path}{tag}: {message}");
}
