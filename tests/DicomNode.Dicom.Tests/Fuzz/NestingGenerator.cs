using System.Buffers.Binary;

namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>
/// Builds raw data sets (no preamble or meta) that nest absurdly: sequences of undefined or defined length
/// thousands of levels deep, undefined-length UN elements (PS3.5 §6.2.2) inside one another, and one
/// sequence holding a huge number of empty items. A reader must refuse the depth, not overflow its stack.
/// </summary>
internal static class NestingGenerator
{
    private static readonly DicomTag ContentSequence = new(0x0040, 0xA730);
    private static readonly DicomTag PrivateUnknown = new(0x0009, 0x1010);
    private static readonly int[] Depths = { 33, 100, 1_000, 10_000, 100_000 };

    public static (byte[] Bytes, string Description) Generate(Random random)
    {
        var depth = random.Next(2) == 0 ? Depths[random.Next(Depths.Length)] : random.Next(1, 200_001);
        var closed = random.Next(2) == 0;
        var items = random.Next(1, 200_001);
        return random.Next(5) switch
        {
            0 => (DeepUndefinedLength(depth, explicitVR: true, closed), $"{depth} nested undefined-length sequences, explicit VR, {(closed ? "closed" : "unclosed")}"),
            1 => (DeepUndefinedLength(depth, explicitVR: false, closed), $"{depth} nested undefined-length sequences, implicit VR, {(closed ? "closed" : "unclosed")}"),
            2 => (DeepUndefinedLengthUN(depth, closed), $"{depth} nested undefined-length UN elements, {(closed ? "closed" : "unclosed")}"),
            3 => (DeepDefinedLength(depth), $"{depth} nested defined-length sequences, explicit VR"),
            _ => (WideSequence(items, closed), $"one sequence of {items} empty items, {(closed ? "undefined" : "defined")}-length items"),
        };
    }

    /// <summary>Sequence → item → sequence → item … with undefined lengths, optionally closed with delimiters.</summary>
    public static byte[] DeepUndefinedLength(int depth, bool explicitVR, bool closed)
    {
        var output = new List<byte>(depth * 32);
        for (var i = 0; i < depth; i++)
        {
            Tag(output, ContentSequence);
            if (explicitVR)
            {
                output.AddRange("SQ\0\0"u8.ToArray());
            }

            UInt32(output, 0xFFFFFFFF);
            Tag(output, DicomTag.Item);
            UInt32(output, 0xFFFFFFFF);
        }

        if (closed)
        {
            Close(output, depth);
        }

        return output.ToArray();
    }

    /// <summary>Explicit VR UN of undefined length, whose content is implicit VR, nesting private tags (read as UN) again.</summary>
    public static byte[] DeepUndefinedLengthUN(int depth, bool closed)
    {
        var output = new List<byte>(depth * 16 + 16);
        Tag(output, PrivateUnknown);
        output.AddRange("UN\0\0"u8.ToArray());
        UInt32(output, 0xFFFFFFFF);
        Tag(output, DicomTag.Item);
        UInt32(output, 0xFFFFFFFF);
        for (var i = 1; i < depth; i++)
        {
            Tag(output, PrivateUnknown);
            UInt32(output, 0xFFFFFFFF);
            Tag(output, DicomTag.Item);
            UInt32(output, 0xFFFFFFFF);
        }

        if (closed)
        {
            Close(output, depth);
        }

        return output.ToArray();
    }

    /// <summary>Sequence → item → sequence … each with its exact defined length, innermost item empty.</summary>
    public static byte[] DeepDefinedLength(int depth)
    {
        // Each level is a 12-byte SQ header and an 8-byte item header around the next level.
        const int Level = 20;
        var bytes = new byte[depth * Level];
        for (var i = 0; i < depth; i++)
        {
            var span = bytes.AsSpan(i * Level);
            var inner = (uint)((depth - i - 1) * Level);
            BinaryPrimitives.WriteUInt16LittleEndian(span, ContentSequence.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(span[2..], ContentSequence.Element);
            "SQ\0\0"u8.CopyTo(span[4..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], inner + 8);
            BinaryPrimitives.WriteUInt16LittleEndian(span[12..], DicomTag.Item.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(span[14..], DicomTag.Item.Element);
            BinaryPrimitives.WriteUInt32LittleEndian(span[16..], inner);
        }

        return bytes;
    }

    /// <summary>One undefined-length sequence holding <paramref name="items"/> empty items.</summary>
    public static byte[] WideSequence(int items, bool undefinedLengthItems)
    {
        var output = new List<byte>(items * 16 + 24);
        Tag(output, ContentSequence);
        output.AddRange("SQ\0\0"u8.ToArray());
        UInt32(output, 0xFFFFFFFF);
        for (var i = 0; i < items; i++)
        {
            Tag(output, DicomTag.Item);
            UInt32(output, undefinedLengthItems ? 0xFFFFFFFF : 0);
            if (undefinedLengthItems)
            {
                Tag(output, DicomTag.ItemDelimitationItem);
                UInt32(output, 0);
            }
        }

        Tag(output, DicomTag.SequenceDelimitationItem);
        UInt32(output, 0);
        return output.ToArray();
    }

    private static void Close(List<byte> output, int depth)
    {
        for (var i = 0; i < depth; i++)
        {
            Tag(output, DicomTag.ItemDelimitationItem);
            UInt32(output, 0);
            Tag(output, DicomTag.SequenceDelimitationItem);
            UInt32(output, 0);
        }
    }

    private static void Tag(List<byte> output, DicomTag tag)
    {
        output.Add((byte)tag.Group);
        output.Add((byte)(tag.Group >> 8));
        output.Add((byte)tag.Element);
        output.Add((byte)(tag.Element >> 8));
    }

    private static void UInt32(List<byte> output, uint value)
    {
        output.Add((byte)value);
        output.Add((byte)(value >> 8));
        output.Add((byte)(value >> 16));
        output.Add((byte)(value >> 24));
    }
}
