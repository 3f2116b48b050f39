using System.Buffers.Binary;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// Writes decoded sample values as native Little Endian units of Bits Allocated (PS3.5 §8.1.1). A codestream
/// holds Bits Stored bits per sample; signed values are stored as their two's-complement bit pattern of that
/// width (PS3.5 §8.2), so they are sign-extended to fill the unit, as an uncompressed twin holds them.
/// </summary>
internal readonly struct NativeSamples
{
    private readonly int _bytes;
    private readonly int _mask;
    private readonly int _signBit;

    public NativeSamples(FrameLayout layout)
    {
        _bytes = layout.BytesPerSample;
        var bits = Math.Min(layout.BitsStored, 31);
        _mask = layout.BitsStored >= 32 ? -1 : (1 << bits) - 1;
        _signBit = layout.IsSigned && layout.BitsStored < layout.BitsAllocated ? 1 << (bits - 1) : 0;
    }

    /// <summary>Writes <paramref name="value"/> as sample number <paramref name="index"/> of <paramref name="output"/>.</summary>
    public void Write(Span<byte> output, int index, int value)
    {
        var stored = value & _mask;
        if (_signBit != 0 && (stored & _signBit) != 0)
        {
            stored |= ~_mask;
        }

        switch (_bytes)
        {
            case 1:
                output[index] = (byte)stored;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16LittleEndian(output[(index * 2)..], (ushort)stored);
                break;
            default:
                BinaryPrimitives.WriteInt32LittleEndian(output[(index * 4)..], stored);
                break;
        }
    }
}
