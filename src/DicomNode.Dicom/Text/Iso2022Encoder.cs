namespace DicomNode.Dicom.Text;

/// <summary>
/// Encodes text with ISO 2022 code extensions (PS3.5 §6.1.2.5). Each character is written in the set already
/// invoked when it can be, else in the first declared set that has it, designated by its escape sequence.
/// Before each delimiter of §6.1.2.5.3 and at the end of the value the initial sets of value 1 are designated
/// again (as in the examples of PS3.5 Annex H and I). Characters no declared set has become '?'.
/// </summary>
internal static class Iso2022Encoder
{
    public static byte[] Encode(string text, Iso2022Context context, TextDelimiters delimiters)
    {
        var output = new List<byte>(text.Length * 2);
        var state = new State(context, output);
        foreach (var rune in text.EnumerateRunes())
        {
            var value = rune.Value;
            if (value < 0x80)
            {
                if (value < 0x20 || delimiters.Resets(value))
                {
                    state.RestoreInitial();
                }
                else
                {
                    state.SelectSingleByteG0();
                }

                output.Add((byte)value);
            }
            else if (!rune.IsBmp || !state.TryWrite((char)value))
            {
                state.SelectSingleByteG0();
                output.Add((byte)'?');
            }
        }

        state.RestoreInitial();
        return output.ToArray();
    }

    private sealed class State(Iso2022Context context, List<byte> output)
    {
        private CodedCharacterSet _g0 = context.InitialG0;
        private CodedCharacterSet? _g1 = context.InitialG1;

        /// <summary>Designates the initial sets again where another set replaced them.</summary>
        public void RestoreInitial()
        {
            if (_g0 != context.InitialG0)
            {
                output.AddRange(context.InitialG0.Escape);
            }

            if (_g1 != context.InitialG1 && context.InitialG1 is not null)
            {
                output.AddRange(context.InitialG1.Escape);
            }

            // Readers return to the initial sets at every delimiter (PS3.5 §6.1.2.5.3), designated again or not.
            (_g0, _g1) = (context.InitialG0, context.InitialG1);
        }

        /// <summary>Makes an ISO 646 set (ISO-IR 6 or JIS X 0201 romaji) the G0 set.</summary>
        public void SelectSingleByteG0()
        {
            if (_g0.BytesPerChar == 1)
            {
                return;
            }

            _g0 = context.InitialG0;
            output.AddRange(_g0.Escape);
        }

        /// <summary>Writes a non-ASCII character in an invoked or a declared set.</summary>
        public bool TryWrite(char c)
        {
            if (_g1 is not null && TryWriteIn(_g1, c))
            {
                return true;
            }

            if (_g0.BytesPerChar == 2 && TryWriteIn(_g0, c))
            {
                return true;
            }

            foreach (var set in context.Declared)
            {
                if (set == _g0 || set == _g1 || !CanWrite(set, c, out _))
                {
                    continue;
                }

                output.AddRange(set.Escape);
                if (set.Element == CodeElement.G0)
                {
                    _g0 = set;
                }
                else
                {
                    _g1 = set;
                }

                return TryWriteIn(set, c);
            }

            return false;
        }

        private bool TryWriteIn(CodedCharacterSet set, char c)
        {
            if (!CanWrite(set, c, out var code))
            {
                return false;
            }

            if (set.BytesPerChar == 1)
            {
                output.Add((byte)code);
            }
            else
            {
                var high = set.Element == CodeElement.G1 ? 0x80 : 0;
                output.Add((byte)((code >> 8) | high));
                output.Add((byte)((code & 0xFF) | high));
            }

            return true;
        }

        private static bool CanWrite(CodedCharacterSet set, char c, out ushort code)
        {
            // Only GR codes of single-byte G1 sets; G0 single-byte sets hold nothing beyond ISO 646.
            if (!set.TryEncode(c, out code))
            {
                return false;
            }

            return set.BytesPerChar == 2 || (set.Element == CodeElement.G1 && code >= 0xA0);
        }
    }
}
