using System.Globalization;
using DicomNode.Dicom.Text;

namespace DicomNode.Dicom;

/// <summary>Text accessors: strings with value multiplicity, UIDs, dates, times and person names.</summary>
public sealed partial class DicomDataset
{
    private static readonly DicomTag SpecificCharacterSetTag = new(0x0008, 0x0005);

    private (DicomValueElement Source, DicomCharacterSet CharacterSet)? _characterSetCache;

    /// <summary>
    /// The character set for text in this data set: its own Specific Character Set (0008,0005), else the
    /// enclosing data set's, else the default repertoire (PS3.5 §6.1.2.3, §7.5.3).
    /// </summary>
    public DicomCharacterSet CharacterSet
    {
        get
        {
            if (this[SpecificCharacterSetTag] is DicomValueElement scs)
            {
                // Elements are immutable: the set parsed from this very element can be reused.
                var cached = _characterSetCache;
                if (cached is not null && ReferenceEquals(cached.Value.Source, scs))
                {
                    return cached.Value.CharacterSet;
                }

                var terms = SplitValues(Latin1(scs.Bytes.Span, DicomVR.CS)).Select(t => t.Trim()).ToArray();
                var characterSet = DicomCharacterSet.FromSpecificCharacterSet(terms);
                _characterSetCache = (scs, characterSet);
                return characterSet;
            }

            return Parent?.CharacterSet ?? DicomCharacterSet.Default;
        }
    }

    /// <summary>
    /// The whole value of a text element as one string, backslashes included, without its padding
    /// (trailing spaces, and NUL for UI; leading spaces too where PS3.5 says they are not significant).
    /// Null when the element is absent or not text.
    /// </summary>
    public string? GetString(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement element)
        {
            return null;
        }

        return DecodeText(element);
    }

    /// <summary>The values of a multi-valued text element, split at backslash and each trimmed.</summary>
    public string[] GetStrings(DicomTag tag)
    {
        if (this[tag] is not DicomValueElement element || element.Length == 0)
        {
            return Array.Empty<string>();
        }

        var text = DecodeText(element);
        if (!DicomVRInfo.Of(element.VR).IsMultiValued)
        {
            return new[] { text };
        }

        return SplitValues(text).Select(v => TrimValue(v, element.VR)).ToArray();
    }

    /// <summary>One value of a multi-valued text element; null when absent or the index is beyond the VM.</summary>
    public string? GetString(DicomTag tag, int index)
    {
        var values = GetStrings(tag);
        return index >= 0 && index < values.Length ? values[index] : null;
    }

    public bool TryGetString(DicomTag tag, out string value)
    {
        value = GetString(tag)!;
        return value is not null;
    }

    /// <summary>A UID value without NUL or space padding; null when absent.</summary>
    public string? GetUid(DicomTag tag) => GetString(tag);

    /// <summary>A DA value (YYYYMMDD, PS3.5 Table 6.2-1); null when absent, empty or not a valid date.</summary>
    public DateOnly? GetDate(DicomTag tag)
    {
        var text = GetString(tag, 0);
        return text is not null && DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>A TM value (HH, HHMM, HHMMSS or HHMMSS.FFFFFF); null when absent, empty or invalid.</summary>
    public TimeOnly? GetTime(DicomTag tag)
    {
        var text = GetString(tag, 0);
        return text is null ? null : DicomDateTimeParser.ParseTime(text);
    }

    /// <summary>A DT value (YYYYMMDDHHMMSS.FFFFFF&amp;ZZXX, any trailing part omitted); offset kept when given.</summary>
    public DateTimeOffset? GetDateTime(DicomTag tag)
    {
        var text = GetString(tag, 0);
        return text is null ? null : DicomDateTimeParser.ParseDateTime(text);
    }

    /// <summary>A DA element and a TM element combined, e.g. Study Date and Study Time.</summary>
    public DateTime? GetDateTime(DicomTag dateTag, DicomTag timeTag)
    {
        if (GetDate(dateTag) is not { } date)
        {
            return null;
        }

        return date.ToDateTime(GetTime(timeTag) ?? TimeOnly.MinValue);
    }

    /// <summary>The first person name of a PN element; null when absent.</summary>
    public DicomPersonName? GetPersonName(DicomTag tag)
    {
        var text = GetString(tag, 0);
        return text is null ? null : DicomPersonName.Parse(text);
    }

    private string DecodeText(DicomValueElement element)
    {
        var vr = element.VR;
        var span = element.Bytes.Span;
        var text = DicomVRInfo.Of(vr).UsesCharacterSet ? CharacterSet.Decode(span, vr) : Latin1(span, vr);
        return TrimValue(text, vr);
    }

    private static string Latin1(ReadOnlySpan<byte> bytes, DicomVR vr) => System.Text.Encoding.Latin1.GetString(bytes);

    internal static string[] SplitValues(string text) => text.Length == 0 ? Array.Empty<string>() : text.Split('\\');

    /// <summary>Removes padding: trailing spaces always, trailing NUL (UI and careless writers), leading spaces where insignificant.</summary>
    internal static string TrimValue(string value, DicomVR vr)
    {
        var end = value.Length;
        while (end > 0 && (value[end - 1] == ' ' || value[end - 1] == '\0'))
        {
            end--;
        }

        var start = 0;
        if (vr is not (DicomVR.LT or DicomVR.ST or DicomVR.UT))
        {
            // PS3.5 Table 6.2-1: leading spaces are significant only in LT, ST and UT.
            while (start < end && value[start] == ' ')
            {
                start++;
            }
        }

        return value[start..end];
    }
}
