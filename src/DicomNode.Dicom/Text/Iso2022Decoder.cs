using System.Buffers;

namespace DicomNode.Dicom.Text;

/// <summary>
/// Decodes a value written with ISO 2022 code extensions (PS3.5 §6.1.2.5) by walking its escape sequences.
/// Never throws: unknown escape sequences, truncated or unassigned double-byte codes become U+FFFD.
/// Bytes in GR while no set is designated to G1 are read as ISO 8859-1, like the default repertoire.
/// </summary>
internal static class Iso2022Decoder
{
    private const byte Esc = 0x1B;
    private const int StackLimit = 512;

    public static string Decode(ReadOnlySpan<byte> bytes, Iso2022Context context, TextDelimiters delimiters)
    {
        char[]? rented = null;
        Span<char> output = bytes.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(bytes.Length));
        try
        {
            var n = Decode(bytes, context, delimiters, output);
            return new string(output[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    // Every byte yields at most one character, so output needs bytes.Length characters.
    private static int Decode(ReadOnlySpan<byte> bytes, Iso2022Context context, TextDelimiters delimiters, Span<char> output)
    {
        var g0 = context.InitialG0;
        var g1 = context.InitialG1;
        var n = 0;
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == Esc)
            {
                i = ReadEscape(bytes, i, ref g0, ref g1, output, ref n);
                continue;
            }

            if (b <= 0x20 || b == 0x7F)
            {
                // C0 controls, SPACE and DELETE are the same in every code element state.
                output[n++] = (char)b;
                if (delimiters.Resets(b))
                {
                    (g0, g1) = (context.InitialG0, context.InitialG1);
                }

                i++;
            }
            else if (b < 0x80)
            {
                if (g0.BytesPerChar == 2)
                {
                    var paired = i + 1 < bytes.Length && bytes[i + 1] is > 0x20 and < 0x7F;
                    output[n++] = paired ? g0.DecodePair(b, bytes[i + 1]) : DicomEncodings.Replacement;
                    i += paired ? 2 : 1;
                }
                else
                {
                    var c = g0.DecodeByte(b);
                    output[n++] = c;
                    if (delimiters.Resets(c))
                    {
                        (g0, g1) = (context.InitialG0, context.InitialG1);
                    }

                    i++;
                }
            }
            else if (g1 is null)
            {
                output[n++] = (char)b;
                i++;
            }
            else if (g1.BytesPerChar == 2)
            {
                var paired = b is > 0xA0 and < 0xFF && i + 1 < bytes.Length && bytes[i + 1] is > 0xA0 and < 0xFF;
                output[n++] = paired ? g1.DecodePair(b, bytes[i + 1]) : DicomEncodings.Replacement;
                i += paired ? 2 : 1;
            }
            else
            {
                output[n++] = g1.DecodeByte(b);
                i++;
            }
        }

        return n;
    }

    /// <summary>Reads the escape sequence at <paramref name="start"/> (ISO 2022: ESC, intermediates 0x20–0x2F, final 0x30–0x7E).</summary>
    private static int ReadEscape(
        ReadOnlySpan<byte> bytes, int start, ref CodedCharacterSet g0, ref CodedCharacterSet? g1, Span<char> output, ref int n)
    {
        var j = start + 1;
        while (j < bytes.Length && bytes[j] is >= 0x20 and <= 0x2F)
        {
            j++;
        }

        if (j < bytes.Length && bytes[j] is >= 0x30 and <= 0x7E)
        {
            var set = CodedCharacterSets.FromEscape(bytes[(start + 1)..(j + 1)]);
            if (set is null)
            {
                output[n++] = DicomEncodings.Replacement;
            }
            else if (set.Element == CodeElement.G0)
            {
                g0 = set;
            }
            else
            {
                g1 = set;
            }

            return j + 1;
        }

        // Truncated escape sequence: replace ESC and what followed it.
        output[n++] = DicomEncodings.Replacement;
        return j;
    }
}
