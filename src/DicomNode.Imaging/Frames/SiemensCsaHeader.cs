using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DicomNode.Dicom;

namespace DicomNode.Imaging.Frames;

/// <summary>
/// The Siemens CSA image header, (0029,xx10) in the block of "SIEMENS CSA HEADER": a list of named elements, each
/// with text items. Both layouts are read: "SV10" (a 16-byte preamble) and the older one (an 8-byte preamble). Only
/// what the node needs is asked of it (the number of images in a mosaic, the slice normal, the b-value); a header
/// that does not parse is treated as absent, never as an error of the image.
/// </summary>
public sealed class SiemensCsaHeader
{
    public const string Creator = "SIEMENS CSA HEADER";

    private const int NameLength = 64;

    // A real image header has about a hundred elements of a few items each; anything far above is not a CSA header.
    private const int MaximumElements = 1000;
    private const int MaximumItems = 10_000;

    private readonly Dictionary<string, string[]> _elements;

    private SiemensCsaHeader(Dictionary<string, string[]> elements) => _elements = elements;

    /// <summary>The image header of <paramref name="dataset"/>; null when it has none or it does not parse.</summary>
    public static SiemensCsaHeader? ImageHeaderOf(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return dataset.FindPrivateTag(0x0029, Creator, 0x10) is { } tag && dataset[tag] is DicomValueElement element
            ? Parse(element.Bytes.Span)
            : null;
    }

    /// <summary>Parses a CSA header; null when the bytes are not one.</summary>
    public static SiemensCsaHeader? Parse(ReadOnlySpan<byte> bytes)
    {
        var elements = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var offset = bytes.Length >= 16 && bytes[..4].SequenceEqual("SV10"u8) ? 8 : 0;
        if (!TryInt32(bytes, offset, out var count) || count < 0 || count > MaximumElements)
        {
            return null;
        }

        offset += 8;
        for (var e = 0; e < count; e++)
        {
            // Element: name[64], VM, VR[4], SyngoDT, number of items, a marker (77 or 205); all integers little-endian.
            if (offset + NameLength + 20 > bytes.Length || !TryInt32(bytes, offset + NameLength + 12, out var items) || items < 0 || items > MaximumItems)
            {
                return null;
            }

            var name = Text(bytes.Slice(offset, NameLength));
            offset += NameLength + 20;
            var values = new List<string>(items);
            for (var i = 0; i < items; i++)
            {
                // Item: four integers, the second the value's length; the value is padded to a multiple of four bytes.
                if (!TryInt32(bytes, offset + 4, out var length) || length < 0 || offset + 16 + length > bytes.Length)
                {
                    return null;
                }

                var value = Text(bytes.Slice(offset + 16, length));
                if (value.Length > 0)
                {
                    values.Add(value);
                }

                offset += 16 + ((length + 3) & ~3);
            }

            elements.TryAdd(name, values.ToArray());
        }

        return new SiemensCsaHeader(elements);
    }

    /// <summary>The non-empty text items of element <paramref name="name"/>; empty when absent.</summary>
    public IReadOnlyList<string> Values(string name) => _elements.TryGetValue(name, out var v) ? v : Array.Empty<string>();

    /// <summary>The numeric items of element <paramref name="name"/>; null when absent or not all numbers.</summary>
    public double[]? Numbers(string name)
    {
        var values = Values(name);
        if (values.Count == 0)
        {
            return null;
        }

        var numbers = new double[values.Count];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out numbers[i]))
            {
                return null;
            }
        }

        return numbers;
    }

    private static bool TryInt32(ReadOnlySpan<byte> bytes, int offset, out int value)
    {
        value = 0;
        if (offset < 0 || offset + 4 > bytes.Length)
        {
            return false;
        }

        value = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(offset, 4));
        return true;
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.Latin1.GetString(end >= 0 ? bytes[..end] : bytes).Trim();
    }
}
