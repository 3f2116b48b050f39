using System.Buffers.Binary;

namespace DicomNode.Dicom.Imaging;

/// <summary>Frames as color-by-pixel bytes, stored values and real-world values.</summary>
public sealed partial class DicomPixelData
{
    /// <summary>
    /// Frame <paramref name="index"/> as native Little Endian bytes, color-by-pixel (R1 G1 B1 R2 G2 B2…,
    /// PS3.3 §C.7.6.3.1.3 Planar Configuration 0) whatever the encoding's layout, with YBR_*_422 chroma
    /// repeated for both pixels of each pair (PS3.3 §C.7.6.3.1.2), so three full samples per pixel.
    /// Single-sample frames, bit-packed ones included, are returned as <see cref="GetFrame"/> gives them.
    /// </summary>
    public ReadOnlyMemory<byte> GetFrameInterleaved(int index)
    {
        var frame = GetFrame(index);
        if (SamplesPerPixel == 1)
        {
            return frame;
        }

        var size = BytesPerSample;
        var samples = SamplesPerPixel;
        var pixels = PixelCount;
        var source = frame.Span;
        var output = new byte[pixels * samples * size];
        if (IsChromaSubsampled)
        {
            // Y1 Y2 Cb Cr → Y1 Cb Cr Y2 Cb Cr.
            for (var pair = 0; pair < pixels / 2; pair++)
            {
                var from = source.Slice(pair * 4 * size, 4 * size);
                var to = output.AsSpan(pair * 6 * size, 6 * size);
                from[..size].CopyTo(to);
                from.Slice(2 * size, 2 * size).CopyTo(to[size..]);
                from.Slice(size, size).CopyTo(to[(3 * size)..]);
                from.Slice(2 * size, 2 * size).CopyTo(to[(4 * size)..]);
            }

            return output;
        }

        if (FramePlanarConfiguration == 0)
        {
            return frame;
        }

        for (var sample = 0; sample < samples; sample++)
        {
            var plane = source.Slice(sample * pixels * size, pixels * size);
            for (var pixel = 0; pixel < pixels; pixel++)
            {
                plane.Slice(pixel * size, size).CopyTo(output.AsSpan(((pixel * samples) + sample) * size, size));
            }
        }

        return output;
    }

    /// <summary>
    /// The stored values of frame <paramref name="index"/>, color-by-pixel: bits HighBit−BitsStored+1 … HighBit
    /// of each sample, two's-complement signed when Pixel Representation is 1 (PS3.3 §C.7.6.3.1, PS3.5 §8.1.1).
    /// Holds <see cref="PixelCount"/> × samples values (three per pixel for YBR_*_422).
    /// </summary>
    public long[] GetFrameLongValues(int index)
    {
        var bytes = GetFrameInterleaved(index).Span;
        var samples = IsChromaSubsampled ? 3 : SamplesPerPixel;
        var values = new long[PixelCount * samples];
        if (BitsAllocated == 1)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = (bytes[i >> 3] >> (i & 7)) & 1;
            }

            return values;
        }

        var shift = HighBit + 1 - BitsStored;
        var mask = (1UL << BitsStored) - 1;
        var sign = 1UL << (BitsStored - 1);
        var size = BytesPerSample;
        for (var i = 0; i < values.Length; i++)
        {
            ulong raw = size switch
            {
                1 => bytes[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
            };
            var stored = (raw >> shift) & mask;
            values[i] = IsSigned && (stored & sign) != 0 ? (long)stored - (long)(mask + 1) : (long)stored;
        }

        return values;
    }

    /// <summary>
    /// <see cref="GetFrameLongValues"/> as 32-bit integers. Every stored value fits except an unsigned one
    /// of Bits Stored 32 above <see cref="int.MaxValue"/>, which raises <see cref="OverflowException"/>.
    /// </summary>
    public int[] GetFrameValues(int index)
    {
        var wide = GetFrameLongValues(index);
        var values = new int[wide.Length];
        for (var i = 0; i < wide.Length; i++)
        {
            if (wide[i] > int.MaxValue)
            {
                throw new OverflowException($"Value {wide[i]} of frame {index} exceeds a 32-bit signed integer; use GetFrameLongValues.");
            }

            values[i] = (int)wide[i];
        }

        return values;
    }

    /// <summary>
    /// Real-world values of frame <paramref name="index"/>: stored value × Rescale Slope + Rescale Intercept
    /// (PS3.3 §C.11.1.1.2, the linear Modality LUT). A Modality LUT Sequence is not applied.
    /// </summary>
    public float[] GetFrameRealValues(int index)
    {
        var stored = GetFrameLongValues(index);
        var real = new float[stored.Length];
        for (var i = 0; i < stored.Length; i++)
        {
            real[i] = (float)((stored[i] * RescaleSlope) + RescaleIntercept);
        }

        return real;
    }

    /// <summary>
    /// <see cref="GetFrameRealValues(int)"/> into <paramref name="destination"/>, which holds <see cref="PixelCount"/> values times the
    /// samples per pixel: the same values, without the intermediate arrays for single-sample frames of 8, 16 or 32 bits (the frame's
    /// bytes are the only allocation), so that a volume can be filled frame by frame.
    /// </summary>
    public void GetFrameRealValues(int index, Span<float> destination)
    {
        if (SamplesPerPixel != 1 || BitsAllocated == 1)
        {
            var values = GetFrameRealValues(index);
            if (destination.Length != values.Length)
            {
                throw new ArgumentException($"frame {index} has {values.Length} values; the destination holds {destination.Length}", nameof(destination));
            }

            values.CopyTo(destination);
            return;
        }

        if (destination.Length != PixelCount)
        {
            throw new ArgumentException($"frame {index} has {PixelCount} values; the destination holds {destination.Length}", nameof(destination));
        }

        var bytes = GetFrame(index).Span;
        var shift = HighBit + 1 - BitsStored;
        var mask = (1UL << BitsStored) - 1;
        var sign = 1UL << (BitsStored - 1);
        var size = BytesPerSample;
        for (var i = 0; i < destination.Length; i++)
        {
            ulong raw = size switch
            {
                1 => bytes[i],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
                _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
            };
            var stored = (raw >> shift) & mask;
            var value = IsSigned && (stored & sign) != 0 ? (long)stored - (long)(mask + 1) : (long)stored;
            destination[i] = (float)((value * RescaleSlope) + RescaleIntercept);
        }
    }
}
