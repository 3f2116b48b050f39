namespace DicomNode.Dicom.IO;

/// <summary>Converts values between Big and Little Endian by the size of their VR's units (PS3.5 §7.3).</summary>
internal static class ByteSwap
{
    /// <summary>Bytes per swapped unit: AT swaps its group and element separately; text and bytes never swap.</summary>
    public static int UnitSize(DicomVR vr) => vr switch
    {
        DicomVR.AT or DicomVR.US or DicomVR.SS or DicomVR.OW => 2,
        DicomVR.UL or DicomVR.SL or DicomVR.FL or DicomVR.OF or DicomVR.OL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.SV or DicomVR.UV or DicomVR.OV => 8,
        _ => 1,
    };

    public static ReadOnlyMemory<byte> ToLittleEndian(ReadOnlyMemory<byte> bytes, DicomVR vr) => Swap(bytes, UnitSize(vr));

    public static ReadOnlyMemory<byte> Swap(ReadOnlyMemory<byte> bytes, int unit)
    {
        if (unit == 1 || bytes.Length == 0)
        {
            return bytes;
        }

        var copy = bytes.ToArray();
        var whole = copy.Length - (copy.Length % unit);
        for (var i = 0; i < whole; i += unit)
        {
            Array.Reverse(copy, i, unit);
        }

        return copy;
    }
}
