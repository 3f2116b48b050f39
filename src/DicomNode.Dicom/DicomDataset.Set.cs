using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom;

/// <summary>
/// Setters: each adds the element or replaces the one with the same tag. The value is stored without
/// padding; the writer pads to even length with the VR's padding byte.
/// </summary>
public sealed partial class DicomDataset
{
    /// <summary>Sets a text element; text in a VR that uses the character set is encoded with this data set's.</summary>
    public DicomDataset SetString(DicomTag tag, DicomVR vr, string value)
    {
        var info = DicomVRInfo.Of(vr);
        if (info.Kind != DicomVRKind.Text)
        {
            throw new ArgumentException($"{tag} has VR {vr}, which is not text; use the numeric or binary setters.", nameof(vr));
        }

        var bytes = info.UsesCharacterSet ? CharacterSet.Encode(value, vr) : Encoding.Latin1.GetBytes(value);
        AddOrUpdate(new DicomValueElement(tag, vr, bytes));
        return this;
    }

    /// <summary>Sets a text element with the VR the data dictionary gives the tag.</summary>
    public DicomDataset SetString(DicomTag tag, string value) => SetString(tag, DictionaryVR(tag), value);

    /// <summary>Sets a multi-valued text element; values are joined with backslash (PS3.5 §6.4).</summary>
    public DicomDataset SetStrings(DicomTag tag, DicomVR vr, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Any(v => v.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"A value of {tag} contains a backslash, the value delimiter.", nameof(values));
        }

        return SetString(tag, vr, string.Join('\\', list));
    }

    public DicomDataset SetStrings(DicomTag tag, IEnumerable<string> values) => SetStrings(tag, DictionaryVR(tag), values);

    /// <summary>Sets a UID element (VR UI).</summary>
    public DicomDataset SetUid(DicomTag tag, string uid) => SetString(tag, DicomVR.UI, uid);

    public DicomDataset SetDate(DicomTag tag, DateOnly date) =>
        SetString(tag, DicomVR.DA, date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));

    public DicomDataset SetTime(DicomTag tag, TimeOnly time) =>
        SetString(tag, DicomVR.TM, time.ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "HHmmss" : "HHmmss.ffffff", CultureInfo.InvariantCulture));

    public DicomDataset SetDateTime(DicomTag tag, DateTimeOffset value) =>
        SetString(tag, DicomVR.DT, value.ToString("yyyyMMddHHmmss.ffffff", CultureInfo.InvariantCulture)
            + (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture));

    public DicomDataset SetPersonName(DicomTag tag, DicomPersonName name) => SetString(tag, DicomVR.PN, name.ToString());

    /// <summary>Sets a DS element: each value in at most 16 characters (PS3.5 Table 6.2-1), as precise as fits.</summary>
    public DicomDataset SetDecimalStrings(DicomTag tag, params double[] values) =>
        SetString(tag, DicomVR.DS, string.Join('\\', values.Select(FormatDecimalString)));

    /// <summary>Sets an IS element.</summary>
    public DicomDataset SetIntegerStrings(DicomTag tag, params int[] values) =>
        SetString(tag, DicomVR.IS, string.Join('\\', values.Select(v => v.ToString(CultureInfo.InvariantCulture))));

    public DicomDataset SetUInt16(DicomTag tag, params ushort[] values) => SetNumbers(tag, DicomVR.US, values);

    public DicomDataset SetInt16(DicomTag tag, params short[] values) => SetNumbers(tag, DicomVR.SS, values);

    public DicomDataset SetUInt32(DicomTag tag, params uint[] values) => SetNumbers(tag, DicomVR.UL, values);

    public DicomDataset SetInt32(DicomTag tag, params int[] values) => SetNumbers(tag, DicomVR.SL, values);

    public DicomDataset SetSingle(DicomTag tag, params float[] values) => SetNumbers(tag, DicomVR.FL, values);

    public DicomDataset SetDouble(DicomTag tag, params double[] values) => SetNumbers(tag, DicomVR.FD, values);

    /// <summary>Sets an AT element.</summary>
    public DicomDataset SetTags(DicomTag tag, params DicomTag[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 4), values[i].Group);
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan((i * 4) + 2), values[i].Element);
        }

        AddOrUpdate(new DicomValueElement(tag, DicomVR.AT, bytes));
        return this;
    }

    /// <summary>Sets a binary element (OB, OW, OF, OD, OL, OV, UN) from Little Endian bytes.</summary>
    public DicomDataset SetBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        AddOrUpdate(new DicomValueElement(tag, vr, bytes));
        return this;
    }

    /// <summary>Sets a sequence of the given items.</summary>
    public DicomDataset SetSequence(DicomTag tag, params DicomDataset[] items)
    {
        AddOrUpdate(new DicomSequence(tag, items));
        return this;
    }

    internal static string FormatDecimalString(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "DS cannot hold NaN or infinity.");
        }

        foreach (var format in new[] { "R", "G15", "G14", "G13", "G12", "G11", "G10", "G9", "G8", "G7", "G6" })
        {
            var text = value.ToString(format, CultureInfo.InvariantCulture);
            if (text.Length <= 16)
            {
                return text;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, "The value does not fit the 16 characters of DS.");
    }

    private DicomDataset SetNumbers<T>(DicomTag tag, DicomVR vr, T[] values)
        where T : unmanaged
    {
        // Values are held Little Endian, the byte order of every platform .NET runs DicomNode on.
        AddOrUpdate(new DicomValueElement(tag, vr, MemoryMarshal.AsBytes(values.AsSpan()).ToArray()));
        return this;
    }

    private static DicomVR DictionaryVR(DicomTag tag)
    {
        var entry = DicomDictionary.Lookup(tag)
            ?? throw new ArgumentException($"{tag} is not in the data dictionary; give its VR explicitly.", nameof(tag));
        if (entry.ValueRepresentations.Length != 1)
        {
            throw new ArgumentException($"{tag} ({entry.Keyword}) may be {string.Join(" or ", entry.ValueRepresentations)}; give its VR explicitly.", nameof(tag));
        }

        return entry.VR;
    }
}
