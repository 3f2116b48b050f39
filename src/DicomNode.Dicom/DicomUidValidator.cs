namespace DicomNode.Dicom;

/// <summary>The syntax of a UID value (PS3.5 §9.1), checked strictly enough to name a file after one.</summary>
public static class DicomUidValidator
{
    /// <summary>PS3.5 §9.1: a UID is at most 64 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// True when <paramref name="uid"/> is at most 64 characters of dot-separated components, each made of
    /// the digits 0–9, none empty, none with a leading zero unless it is exactly "0" (PS3.5 §9.1). Padding
    /// (a trailing NUL or space) is not accepted: trim it first.
    /// </summary>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaxLength)
        {
            return false;
        }

        var componentStart = 0;
        for (var i = 0; i <= uid.Length; i++)
        {
            if (i == uid.Length || uid[i] == '.')
            {
                var length = i - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = i + 1;
            }
            else if (!char.IsAsciiDigit(uid[i]))
            {
                return false;
            }
        }

        return true;
    }
}
