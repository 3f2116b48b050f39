using System.Globalization;

namespace DicomNode.Dicom;

/// <summary>Parses TM and DT values with their optional trailing components (PS3.5 Table 6.2-1).</summary>
internal static class DicomDateTimeParser
{
    public static TimeOnly? ParseTime(string text)
    {
        // ACR-NEMA writers used HH:MM:SS; PS3.5 still asks readers to accept it.
        var s = text.Replace(":", string.Empty, StringComparison.Ordinal);
        if (s.Length < 2 || !int.TryParse(s.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
        {
            return null;
        }

        var minute = 0;
        var second = 0;
        var ticks = 0L;
        if (s.Length >= 4 && !int.TryParse(s.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out minute))
        {
            return null;
        }

        if (s.Length >= 6 && !int.TryParse(s.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out second))
        {
            return null;
        }

        if (s.Length > 7 && s[6] == '.')
        {
            var fraction = s[7..];
            if (fraction.Length > 6 || !long.TryParse(fraction, NumberStyles.None, CultureInfo.InvariantCulture, out var f))
            {
                return null;
            }

            ticks = f * (long)Math.Pow(10, 7 - fraction.Length);
        }
        else if (s.Length is 3 or 5 or 7)
        {
            return null;
        }

        // A leap second (60) is valid in DICOM but not in TimeOnly.
        if (hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        return new TimeOnly(hour, minute, Math.Min(second, 59)).Add(TimeSpan.FromTicks(ticks));
    }

    public static DateTimeOffset? ParseDateTime(string text)
    {
        var offset = TimeSpan.Zero;
        var hasOffset = false;
        var s = text;
        var sign = s.IndexOfAny(['+', '-'], Math.Min(4, s.Length));
        if (sign >= 0)
        {
            var z = s[(sign + 1)..];
            if (z.Length != 4 || !int.TryParse(z.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zh)
                || !int.TryParse(z.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var zm) || zh > 14 || zm > 59)
            {
                return null;
            }

            offset = new TimeSpan(zh, zm, 0) * (s[sign] == '-' ? -1 : 1);
            hasOffset = true;
            s = s[..sign];
        }

        if (s.Length < 4 || !int.TryParse(s.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            return null;
        }

        var month = 1;
        var day = 1;
        if (s.Length >= 6 && !int.TryParse(s.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out month))
        {
            return null;
        }

        if (s.Length >= 8 && !int.TryParse(s.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out day))
        {
            return null;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return null;
        }

        var time = TimeOnly.MinValue;
        if (s.Length > 8)
        {
            if (ParseTime(s[8..]) is not { } t)
            {
                return null;
            }

            time = t;
        }

        var local = new DateTime(new DateOnly(year, month, day), time, DateTimeKind.Unspecified);
        return hasOffset ? new DateTimeOffset(local, offset) : new DateTimeOffset(local, TimeSpan.Zero);
    }
}
