using System.Buffers.Binary;
using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>
/// Makes hostile inputs from the corpus: truncations, bit flips, length fields set to extreme values,
/// inserted, duplicated and deleted bytes, splices of one file into another, and synthetic data sets
/// nested absurdly deep or wide. Each case draws from its own <see cref="Random"/> seeded by the run's
/// seed and the case number, so any one case can be replayed alone.
/// </summary>
internal sealed class DatasetMutator
{
    private static readonly uint[] ExtremeLengths = { 0xFFFFFFFF, 0xFFFFFFFE, 0x7FFFFFFF, 0x80000000, 0x0000FFFF, 0x00010000 };
    private static readonly ushort[] ExtremeShortLengths = { 0xFFFF, 0xFFFE, 0x7FFF, 0x8000 };

    private readonly FuzzCorpus _corpus;

    public DatasetMutator(FuzzCorpus corpus) => _corpus = corpus;

    public static Random CaseRandom(int seed, int number) => new(unchecked((seed * 1_000_003) ^ (number * 0x3C6EF372) ^ number));

    public FuzzCase Generate(int seed, int number)
    {
        var random = CaseRandom(seed, number);
        var steps = new List<string>();
        string source;
        byte[] bytes;
        if (random.Next(40) == 0)
        {
            source = "(synthetic)";
            (bytes, var description) = NestingGenerator.Generate(random);
            steps.Add(description);
        }
        else
        {
            var (name, original) = _corpus.Files[random.Next(_corpus.Files.Count)];
            source = name;
            bytes = original;
        }

        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            bytes = Mutate(random, bytes, steps);
        }

        return new FuzzCase(number, source, string.Join("; ", steps), bytes);
    }

    private byte[] Mutate(Random random, byte[] input, List<string> steps)
    {
        switch (random.Next(9))
        {
            case 0:
            {
                var at = random.Next(input.Length + 1);
                steps.Add($"truncate at {at}");
                return input[..at];
            }

            case 1:
            {
                var bytes = (byte[])input.Clone();
                var flips = random.Next(1, 9);
                var positions = new List<string>();
                for (var i = 0; i < flips && bytes.Length > 0; i++)
                {
                    var at = random.Next(bytes.Length);
                    var bit = random.Next(8);
                    bytes[at] ^= (byte)(1 << bit);
                    positions.Add($"{at}.{bit}");
                }

                steps.Add($"flip bits {string.Join(',', positions)}");
                return bytes;
            }

            case 2:
            case 3:
                return CorruptLength(random, input, steps);
            case 4:
            {
                var at = random.Next(input.Length + 1);
                var insert = new byte[random.Next(1, 17)];
                random.NextBytes(insert);
                steps.Add($"insert {insert.Length} random bytes at {at}");
                return [.. input.AsSpan(0, at), .. insert, .. input.AsSpan(at)];
            }

            case 5:
            {
                var (from, length) = RandomRange(random, input.Length, 256);
                var at = random.Next(input.Length + 1);
                steps.Add($"duplicate {length} bytes from {from} at {at}");
                return [.. input.AsSpan(0, at), .. input.AsSpan(from, length), .. input.AsSpan(at)];
            }

            case 6:
            {
                var (from, length) = RandomRange(random, input.Length, 64);
                steps.Add($"delete {length} bytes at {from}");
                return [.. input.AsSpan(0, from), .. input.AsSpan(from + length)];
            }

            case 7:
            {
                var (name, other) = _corpus.Files[random.Next(_corpus.Files.Count)];
                var (from, length) = RandomRange(random, other.Length, 4096);
                var at = random.Next(input.Length + 1);
                var replace = random.Next(2) == 0 ? Math.Min(length, input.Length - at) : 0;
                steps.Add($"splice {length} bytes from {name}@{from} at {at}, replacing {replace}");
                return [.. input.AsSpan(0, at), .. other.AsSpan(from, length), .. input.AsSpan(at + replace)];
            }

            default:
            {
                // The Part 10 header stripped: the meta group without a preamble, or a bare data set.
                if (input.Length < 132 || !input.AsSpan(128, 4).SequenceEqual("DICM"u8))
                {
                    return CorruptLength(random, input, steps);
                }

                var cut = random.Next(2) == 0 ? 132 : MetaEnd(input);
                steps.Add($"strip the first {cut} bytes");
                return input[cut..];
            }
        }
    }

    /// <summary>Overwrites the length field of an element header or item with an extreme or off-by-one value.</summary>
    private static byte[] CorruptLength(Random random, byte[] input, List<string> steps)
    {
        var fields = FindLengthFields(input);
        if (fields.Count == 0)
        {
            steps.Add("no length field found");
            return input;
        }

        var bytes = (byte[])input.Clone();
        var (at, size) = fields[random.Next(fields.Count)];
        if (size == 2)
        {
            var original = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at));
            var value = random.Next(6) switch
            {
                0 => ExtremeShortLengths[random.Next(ExtremeShortLengths.Length)],
                1 => (ushort)(original | 1),
                2 => (ushort)(original + 1),
                3 => (ushort)(original - 1),
                4 => (ushort)0,
                _ => (ushort)random.Next(0x10000),
            };
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), value);
            steps.Add($"16-bit length at {at}: {original} -> {value}");
        }
        else
        {
            var original = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at));
            var remaining = (uint)(bytes.Length - at - 4);
            var value = random.Next(8) switch
            {
                0 or 1 => ExtremeLengths[random.Next(ExtremeLengths.Length)],
                2 => original | 1,
                3 => original + 1,
                4 => original - 1,
                5 => remaining,
                6 => remaining + 1,
                _ => (uint)random.NextInt64(0x1_0000_0000),
            };
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), value);
            steps.Add($"32-bit length at {at}: {original} -> {value}");
        }

        return bytes;
    }

    /// <summary>
    /// Offsets of what look like length fields: after a tag and a VR code (explicit VR), after an item or
    /// delimiter tag, and after a tag the dictionary knows (implicit VR).
    /// </summary>
    private static List<(int At, int Size)> FindLengthFields(byte[] bytes)
    {
        var fields = new List<(int, int)>();
        for (var i = 0; i + 8 <= bytes.Length; i += 2)
        {
            var span = bytes.AsSpan(i);
            var group = BinaryPrimitives.ReadUInt16LittleEndian(span);
            var element = BinaryPrimitives.ReadUInt16LittleEndian(span[2..]);
            if (DicomVRInfo.TryParse(span.Slice(4, 2), out var vr) && group != 0xFFFE)
            {
                if (!DicomVRInfo.Of(vr).HasLongLength)
                {
                    fields.Add((i + 6, 2));
                }
                else if (i + 12 <= bytes.Length)
                {
                    fields.Add((i + 8, 4));
                }
            }
            else if (group == 0xFFFE && element is 0xE000 or 0xE00D or 0xE0DD)
            {
                fields.Add((i + 4, 4));
            }
            else if (group is > 0x0002 and < 0x7FE1 && DicomDictionary.Lookup(new DicomTag(group, element)) is not null)
            {
                fields.Add((i + 4, 4));
            }
        }

        return fields;
    }

    private static (int From, int Length) RandomRange(Random random, int size, int maxLength)
    {
        var from = random.Next(size + 1);
        var length = random.Next(Math.Min(maxLength, size - from) + 1);
        return (from, length);
    }

    /// <summary>The offset just after the group 0002 elements that follow "DICM", walked in Explicit VR Little Endian.</summary>
    private static int MetaEnd(byte[] bytes)
    {
        var at = 132;
        while (at + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at)) == 0x0002)
        {
            if (!DicomVRInfo.TryParse(bytes.AsSpan(at + 4, 2), out var vr))
            {
                break;
            }

            long next = DicomVRInfo.Of(vr).HasLongLength && at + 12 <= bytes.Length
                ? at + 12L + BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8))
                : at + 8L + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 6));
            if (next > bytes.Length)
            {
                break;
            }

            at = (int)next;
        }

        return at;
    }
}
