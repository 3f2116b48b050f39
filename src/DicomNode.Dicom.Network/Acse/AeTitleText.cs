using System.Text;

namespace DicomNode.Dicom.Network.Acse;

/// <summary>
/// AE titles as they may be shown. PS3.5 Table 6.2-1: an AE value is the default character repertoire
/// without backslash and without control characters; a peer can still put CR, LF or ESC into the 16 bytes of
/// an A-ASSOCIATE-RQ, and written verbatim those would forge lines in a plain-text log.
/// </summary>
public static class AeTitleText
{
    /// <summary>True when <paramref name="aeTitle"/> holds no control character (C0, DEL) and no backslash.</summary>
    public static bool IsValid(string aeTitle)
    {
        foreach (var c in aeTitle)
        {
            if (MustEscape(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The title with every control character and backslash written as \xNN; null stays null.</summary>
    public static string? Printable(string? aeTitle)
    {
        if (aeTitle is null || IsValid(aeTitle))
        {
            return aeTitle;
        }

        var text = new StringBuilder(aeTitle.Length + 8);
        foreach (var c in aeTitle)
        {
            if (MustEscape(c))
            {
                text.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static bool MustEscape(char c) => c < 0x20 || c == 0x7F || c == '\\' || (c >= 0x80 && c <= 0x9F);
}
