using System.Text;
using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Network.Tests.Interop.StoreScp;

/// <summary>
/// Checks that an instance a peer stored is the one we sent, element by element through our reader.
/// The reader holds values in Little Endian whatever the file's byte order, so a Big Endian original
/// compares equal to its Little Endian copy; encapsulated pixel data must arrive as the same fragments.
/// Only the data set is compared: each peer writes its own File Meta Information.
/// </summary>
internal static class ReceivedInstanceAssert
{
    // PS3.10 §7.2: Data Set Trailing Padding has no meaning and may be dropped by any application (storescp does).
    private static readonly DicomTag TrailingPadding = new(0xFFFC, 0xFFFC);

    /// <summary>
    /// Elements a faithful copy may lack: trailing padding, and group lengths, retired outside the
    /// command and meta groups (PS3.5 §7.2), which our encoder leaves out.
    /// </summary>
    private static bool MayBeDropped(DicomTag tag) => tag == TrailingPadding || tag.IsGroupLength;

    public static void Intact(string source, DicomFile original, byte[] received)
    {
        var copy = Part10Reader.Read(received);

        // Uncompressed data went in whichever Little Endian syntax the peer accepted; compressed data as it was.
        if (original.TransferSyntax.IsEncapsulated)
        {
            Assert.Equal(original.TransferSyntax.Uid, copy.TransferSyntax.Uid);
        }
        else
        {
            Assert.False(copy.TransferSyntax.IsBigEndian || copy.TransferSyntax.IsEncapsulated, $"{source} stored as {copy.TransferSyntax}");
        }

        var differences = new StringBuilder();
        Compare(original.Dataset, copy.Dataset, string.Empty, differences, copy.TransferSyntax.IsExplicitVR);
        Assert.True(differences.Length == 0, $"{source} stored as {copy.TransferSyntax} differs:\n{differences}");
    }

    private static void Compare(DicomDataset expected, DicomDataset actual, string path, StringBuilder differences, bool explicitVR)
    {
        var expectedTags = expected.Elements.Select(e => e.Tag).Where(t => !MayBeDropped(t)).ToList();
        var actualTags = actual.Elements.Select(e => e.Tag).Where(t => !MayBeDropped(t)).ToList();
        foreach (var missing in expectedTags.Except(actualTags))
        {
            differences.AppendLine($"{path}{missing}: missing");
        }

        foreach (var extra in actualTags.Except(expectedTags))
        {
            differences.AppendLine($"{path}{extra}: added");
        }

        foreach (var element in expected.Elements.Where(e => !MayBeDropped(e.Tag)))
        {
            if (!actual.TryGetElement(element.Tag, out var other))
            {
                continue;
            }

            var at = $"{path}{element.Tag}";

            // An Implicit VR copy carries no VR; the reader gives it the dictionary's, as it did the original.
            if (explicitVR && element.VR != other.VR)
            {
                differences.AppendLine($"{at}: VR {element.VR} became {other.VR}");
            }

            switch (element, other)
            {
                case (DicomValueElement a, DicomValueElement b):
                    if (!a.Bytes.Span.SequenceEqual(b.Bytes.Span))
                    {
                        differences.AppendLine($"{at}: {a.Length} bytes became {b.Length} different bytes");
                    }

                    break;
                case (DicomSequence a, DicomSequence b):
                    if (a.Items.Count != b.Items.Count)
                    {
                        differences.AppendLine($"{at}: {a.Items.Count} items became {b.Items.Count}");
                        break;
                    }

                    for (var i = 0; i < a.Items.Count; i++)
                    {
                        Compare(a.Items[i], b.Items[i], $"{at}[{i}].", differences, explicitVR);
                    }

                    break;
                case (DicomFragmentSequence a, DicomFragmentSequence b):
                    if (!a.OffsetTableBytes.Span.SequenceEqual(b.OffsetTableBytes.Span))
                    {
                        differences.AppendLine($"{at}: basic offset table differs");
                    }

                    if (a.Fragments.Count != b.Fragments.Count)
                    {
                        differences.AppendLine($"{at}: {a.Fragments.Count} fragments became {b.Fragments.Count}");
                        break;
                    }

                    for (var i = 0; i < a.Fragments.Count; i++)
                    {
                        if (!a.Fragments[i].Span.SequenceEqual(b.Fragments[i].Span))
                        {
                            differences.AppendLine($"{at}: fragment {i} differs");
                        }
                    }

                    break;
                default:
                    differences.AppendLine($"{at}: {element} became {other}");
                    break;
            }
        }
    }
}
