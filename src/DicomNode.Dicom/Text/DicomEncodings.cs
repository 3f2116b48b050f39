using System.Text;

namespace DicomNode.Dicom.Text;

/// <summary>
/// Access to the .NET code page encodings that back the DICOM character sets. The code page provider is
/// registered once; every encoding returned decodes invalid input to U+FFFD and encodes unmappable text to '?'.
/// </summary>
internal static class DicomEncodings
{
    public const char Replacement = '\uFFFD';

    static DicomEncodings()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    /// <summary>UTF-8 (ISO_IR 192) without a byte order mark.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The code page <paramref name="codePage"/> with non-throwing fallbacks.</summary>
    public static Encoding Get(int codePage) =>
        Encoding.GetEncoding(codePage, new EncoderReplacementFallback("?"), new DecoderReplacementFallback(Replacement.ToString()));

    /// <summary>Decodes one byte sequence of <paramref name="encoding"/> to a single BMP character, or U+FFFD.</summary>
    public static char DecodeOne(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = stackalloc char[4];
        var count = encoding.GetChars(bytes, chars);
        if (count != 1)
        {
            return Replacement;
        }

        var c = chars[0];
        // Private-use code points are vendor additions (user-defined areas), not part of the DICOM repertoires.
        return c is >= '\uE000' and <= '\uF8FF' || char.IsSurrogate(c) ? Replacement : c;
    }
}
