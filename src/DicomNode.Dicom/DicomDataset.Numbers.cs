using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace DicomNode.Dicom;

/// <summary>Numeric accessors: binary numbers (US, SS, UL, SL, FL, FD, UV, SV), IS and DS strings, binary arrays.</summary>
public sealed partial class DicomDataset
{
    /// <summary>How many values an element holds (its value multiplicity as encoded).</summary>
    public int GetValueCount(DicomTag tag)
    {
        return this[tag] switch
        {
            DicomSequence sq => sq.Items.Count,
            DicomFragmentSequence f => f.Fragments.Count,
            DicomValueElement v when DicomVRInfo.Of(v.VR).Kind == DicomVRKind.Text => GetStrings(tag).Length,
            DicomValueElement v when DicomVRInfo.Of(v.VR).Kind == DicomVRKind.Numeric => v.Length / DicomVRInfo.Of(v.VR).UnitSize,
            DicomValueElement v => v.Length > 0 ? 1 : 0,
            _ => 0,
        };
    }

    public ushort GetUInt16(DicomTag tag, int index = 0) =>
        TryGetUInt16(tag, out var value, index) ? value : throw Missing(tag, index, "a 16-bit unsigned integer");

    public bool TryGetUInt16(DicomTag tag, out ushort value, int index = 0)
    {
        value = 0;
        if (!TryGetInt64(tag, out var v, index) || v < ushort.MinValue || v > ushort.MaxValue)
        {
            return false;
        }

        value = (ushort)v;
        return true;
    }

    public int GetInt32(DicomTag tag, int index = 0) =>
        TryGetInt32(tag, out var value, index) ? value : throw Missing(tag, index, "a 32-bit integer");

    public bool TryGetInt32(DicomTag tag, out int value, int index = 0)
    {
        value = 0;
        if (!TryGetInt64(tag, out var v, index) || v < int.MinValue || v > int.MaxValue)
        {
            return false;
        }

        value = (int)v;
        return true;
    }

    /// <summary>
    /// An integer from US, SS, UL, SL, UV, SV or IS; false when absent, the index is beyond the VM,
    /// or the value is not an integer.
    /// </summary>
    public bool TryGetInt64(DicomTag tag, out long value, int index = 0)
    {
        value = 0;
        if (this[tag] is not DicomValueElement element || index < 0)
        {
            return false;
        }

        var span = element.Bytes.Span;
        switch (element.VR)
        {
            case DicomVR.US when span.Length >= (index + 1) * 2:
                value = BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 2)..]);
                return true;
            case DicomVR.SS when span.Length >= (index + 1) * 2:
                value = BinaryPrimitives.ReadInt16LittleEndian(span[(index * 2)..]);
                return true;
            case DicomVR.UL when span.Length >= (index + 1) * 4:
                value = BinaryPrimitives.ReadUInt32LittleEndian(span[(index * 4)..]);
                return true;
            case DicomVR.SL when span.Length >= (index + 1) * 4:
                value = BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]);
                return true;
            case DicomVR.SV when span.Length >= (index + 1) * 8:
                value = BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..]);
                return true;
            case DicomVR.UV when span.Length >= (index + 1) * 8:
                var u = BinaryPrimitives.ReadUInt64LittleEndian(span[(index * 8)..]);
                value = (long)u;
                return u <= long.MaxValue;
            case DicomVR.IS:
                var text = GetString(tag, index);
                return text is not null && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            default:
                return false;
        }
    }

    public double GetDouble(DicomTag tag, int index = 0) =>
        TryGetDouble(tag, out var value, index) ? value : throw Missing(tag, index, "a number");

    /// <summary>A number from FD, FL, DS, IS or any binary integer VR.</summary>
    public bool TryGetDouble(DicomTag tag, out double value, int index = 0)
    {
        value = 0;
        if (this[tag] is not DicomValueElement element || index < 0)
        {
            return false;
        }

        var span = element.Bytes.Span;
        switch (element.VR)
        {
            case DicomVR.FD when span.Length >= (index + 1) * 8:
                value = BinaryPrimitives.ReadDoubleLittleEndian(span[(index * 8)..]);
                return true;
            case DicomVR.FL when span.Length >= (index + 1) * 4:
                value = BinaryPrimitives.ReadSingleLittleEndian(span[(index * 4)..]);
                return true;
            case DicomVR.DS:
                var text = GetString(tag, index);
                return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
            default:
                if (TryGetInt64(tag, out var integer, index))
                {
                    value = integer;
                    return true;
                }

                return false;
        }
    }

    /// <summary>Every value of a numeric element (DS, IS, FD, FL, integer VRs) as doubles; empty when absent.</summary>
    public double[] GetDoubles(DicomTag tag)
    {
        var count = GetValueCount(tag);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryGetDouble(tag, out values[i], i))
            {
                throw new FormatException($"Value {i + 1} of {tag} is not a number.");
            }
        }

        return values;
    }

    /// <summary>Every value of an integer element (IS or binary integer VRs); empty when absent.</summary>
    public int[] GetInt32s(DicomTag tag)
    {
        var count = GetValueCount(tag);
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryGetInt32(tag, out values[i], i))
            {
                throw new FormatException($"Value {i + 1} of {tag} is not a 32-bit integer.");
            }
        }

        return values;
    }

    /// <summary>The raw value bytes (Little Endian); empty when absent.</summary>
    public ReadOnlyMemory<byte> GetBytes(DicomTag tag) => this[tag] is DicomValueElement e ? e.Bytes : ReadOnlyMemory<byte>.Empty;

    public ushort[] GetUInt16Array(DicomTag tag) => GetArray<ushort>(tag);

    public short[] GetInt16Array(DicomTag tag) => GetArray<short>(tag);

    public uint[] GetUInt32Array(DicomTag tag) => GetArray<uint>(tag);

    public int[] GetInt32Array(DicomTag tag) => GetArray<int>(tag);

    public float[] GetSingleArray(DicomTag tag) => GetArray<float>(tag);

    public double[] GetDoubleArray(DicomTag tag) => GetArray<double>(tag);

    /// <summary>The values of an AT element.</summary>
    public DicomTag[] GetTags(DicomTag tag)
    {
        var words = GetArray<ushort>(tag);
        var tags = new DicomTag[words.Length / 2];
        for (var i = 0; i < tags.Length; i++)
        {
            tags[i] = new DicomTag(words[2 * i], words[(2 * i) + 1]);
        }

        return tags;
    }

    /// <summary>The sequence at <paramref name="tag"/>, or null.</summary>
    public DicomSequence? GetSequence(DicomTag tag) => this[tag] as DicomSequence;

    private T[] GetArray<T>(DicomTag tag)
        where T : unmanaged
    {
        var bytes = GetBytes(tag).Span;
        var size = Marshal.SizeOf<T>();
        // Values are kept Little Endian; on a Big Endian host they would need swapping, which .NET on
        // every platform we ship (x64, arm64) does not require.
        return MemoryMarshal.Cast<byte, T>(bytes[..(bytes.Length - (bytes.Length % size))]).ToArray();
    }

    private static KeyNotFoundException Missing(DicomTag tag, int index, string what) =>
        new($"The data set has no value {index + 1} of {tag} that is {what}.");
}
