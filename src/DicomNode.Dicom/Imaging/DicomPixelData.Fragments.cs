using System.Buffers.Binary;

namespace DicomNode.Dicom.Imaging;

/// <summary>Which fragments of encapsulated Pixel Data make up which frame (PS3.5 §A.4).</summary>
public sealed partial class DicomPixelData
{
    /// <summary>Bytes of an item header (tag and length) before each fragment's value (PS3.5 §A.4).</summary>
    private const int ItemHeaderLength = 8;

    /// <summary>The encoded bytes of one frame: its fragment, or its fragments joined.</summary>
    private ReadOnlyMemory<byte> GetEncapsulatedFrame(int index)
    {
        if (_dataset[DicomTags.PixelData] is not DicomFragmentSequence sequence)
        {
            throw new DicomFormatException(
                _dataset.Contains(DicomTags.PixelData)
                    ? $"Pixel Data is native although the transfer syntax {TransferSyntax.Uid} is encapsulated"
                    : "the data set has no Pixel Data",
                0,
                DicomTags.PixelData);
        }

        var firsts = _frameFirstFragment ??= AssignFragments(sequence);
        var first = firsts[index];
        var end = index + 1 < firsts.Length ? firsts[index + 1] : sequence.Fragments.Count;
        if (end - first == 1)
        {
            return sequence.Fragments[first];
        }

        var length = 0L;
        for (var i = first; i < end; i++)
        {
            length += sequence.Fragments[i].Length;
        }

        if (length > Array.MaxLength)
        {
            throw new DicomFormatException($"frame {index} spans {length} bytes of fragments, more than an array can hold", 0, DicomTags.PixelData);
        }

        var joined = new byte[length];
        var at = 0;
        for (var i = first; i < end; i++)
        {
            sequence.Fragments[i].Span.CopyTo(joined.AsSpan(at));
            at += sequence.Fragments[i].Length;
        }

        return joined;
    }

    /// <summary>
    /// The index of each frame's first fragment. In order of trust: the Basic Offset Table when it has one
    /// entry per frame and each entry is a fragment's start (PS3.5 §A.4); one fragment per frame when the
    /// counts agree (what PS3.5 §A.4.2 requires of RLE); all fragments for a single frame; and the fragments
    /// that begin as a frame does: a plausible RLE Header (PS3.5 §G.5), a JPEG or JPEG-LS SOI marker
    /// (ITU-T T.81 §B.2.1, ISO/IEC 14495-1 §C.2.1) or a JPEG 2000 SOC and SIZ (ISO/IEC 15444-1 §A.4.1).
    /// </summary>
    private int[] AssignFragments(DicomFragmentSequence sequence)
    {
        var fragments = sequence.Fragments;
        if (fragments.Count == 0)
        {
            throw new DicomFormatException("encapsulated Pixel Data holds no fragments", 0, DicomTags.PixelData);
        }

        if (FromOffsetTable(sequence) is { } fromTable)
        {
            return fromTable;
        }

        if (fragments.Count == NumberOfFrames)
        {
            return Enumerable.Range(0, NumberOfFrames).ToArray();
        }

        if (NumberOfFrames == 1)
        {
            return new[] { 0 };
        }

        if (fragments.Count > NumberOfFrames)
        {
            var starts = new List<int>();
            for (var i = 0; i < fragments.Count; i++)
            {
                if (LooksLikeFrameStart(fragments[i].Span))
                {
                    starts.Add(i);
                }
            }

            if (starts.Count == NumberOfFrames && starts[0] == 0)
            {
                return starts.ToArray();
            }
        }

        throw new DicomFormatException(
            $"cannot tell which of {fragments.Count} fragments belong to which of {NumberOfFrames} frames: no usable Basic Offset Table",
            0,
            DicomTags.PixelData);
    }

    private int[]? FromOffsetTable(DicomFragmentSequence sequence)
    {
        var table = sequence.OffsetTable;
        if (table.Length != NumberOfFrames || table.Length == 0 || table[0] != 0)
        {
            return null;
        }

        var firsts = new int[table.Length];
        var fragment = 0;
        var position = 0L;
        for (var frame = 0; frame < table.Length; frame++)
        {
            while (fragment < sequence.Fragments.Count && position < table[frame])
            {
                position += ItemHeaderLength + sequence.Fragments[fragment].Length;
                fragment++;
            }

            // An offset that falls inside a fragment, past the last one, or repeats the previous frame's.
            if (position != table[frame] || fragment >= sequence.Fragments.Count || (frame > 0 && fragment == firsts[frame - 1]))
            {
                return null;
            }

            firsts[frame] = fragment;
        }

        return firsts;
    }

    private bool LooksLikeFrameStart(ReadOnlySpan<byte> fragment)
    {
        if (TransferSyntax.Equals(DicomTransferSyntax.RleLossless))
        {
            return LooksLikeRleHeader(fragment);
        }

        if (TransferSyntax.Equals(DicomTransferSyntax.Jpeg2000Lossless) || TransferSyntax.Equals(DicomTransferSyntax.Jpeg2000))
        {
            // SOC then SIZ; or a JP2 file's signature box (ISO/IEC 15444-1 §I.5.1).
            return fragment.Length >= 12
                && ((fragment[0] == 0xFF && fragment[1] == 0x4F && fragment[2] == 0xFF && fragment[3] == 0x51)
                    || (fragment[4] == 0x6A && fragment[5] == 0x50 && fragment[6] == 0x20 && fragment[7] == 0x20));
        }

        // JPEG and JPEG-LS: 0xFF 0xD8 cannot occur inside entropy-coded data, where 0xFF is followed by 0x00 or RSTm.
        return fragment.Length >= 2 && fragment[0] == 0xFF && fragment[1] == 0xD8;
    }

    private bool LooksLikeRleHeader(ReadOnlySpan<byte> fragment) =>
        fragment.Length >= RleDecoder.HeaderLength
        && BinaryPrimitives.ReadUInt32LittleEndian(fragment) == (uint)(SamplesPerPixel * BytesPerSample)
        && BinaryPrimitives.ReadUInt32LittleEndian(fragment[4..]) == RleDecoder.HeaderLength;
}
