namespace DicomNode.Dicom.Text;

/// <summary>The defined terms of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5) and their lenient lookup.</summary>
internal static class DefinedTerms
{
    private static readonly CodedCharacterSet Ascii = CodedCharacterSets.Ascii;

    /// <summary>The default repertoire: value absent or empty, or "ISO_IR 6" (Table C.12-2).</summary>
    public static readonly DefinedTerm Default = new("ISO_IR 6", false, Ascii, null);

    private static readonly DefinedTerm[] All = Build();

    private static readonly Dictionary<string, DefinedTerm> ByKey = All.ToDictionary(t => Key(t.Term), StringComparer.Ordinal);

    /// <summary>
    /// The defined term <paramref name="term"/> names, or null when unknown. Case, spaces, '_' and '-' are
    /// ignored, so that common misspellings such as "ISO IR 100" or "ISO_IR_100" still resolve.
    /// </summary>
    public static DefinedTerm? Find(string term) =>
        term.Length == 0 ? Default : ByKey.GetValueOrDefault(Key(term));

    private static string Key(string term)
    {
        Span<char> buffer = stackalloc char[Math.Min(term.Length, 64)];
        var n = 0;
        foreach (var c in term)
        {
            if (c is ' ' or '_' or '-')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                return term; // far too long to be a defined term
            }

            buffer[n++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..n]);
    }

    private static DefinedTerm[] Build()
    {
        var list = new List<DefinedTerm>
        {
            // Table C.12-2: single-byte without code extensions; Table C.12-3: with code extensions.
            Default,
            new("ISO 2022 IR 6", true, Ascii, null),
            new("ISO_IR 13", false, CodedCharacterSets.JisRomaji, CodedCharacterSets.JisKatakana),
            new("ISO 2022 IR 13", true, CodedCharacterSets.JisRomaji, CodedCharacterSets.JisKatakana),
        };

        foreach (var (number, set) in new (int, CodedCharacterSet)[]
                 {
                     (100, CodedCharacterSets.Latin1), (101, CodedCharacterSets.Latin2), (109, CodedCharacterSets.Latin3),
                     (110, CodedCharacterSets.Latin4), (144, CodedCharacterSets.Cyrillic), (127, CodedCharacterSets.Arabic),
                     (126, CodedCharacterSets.Greek), (138, CodedCharacterSets.Hebrew), (148, CodedCharacterSets.Latin5),
                     (203, CodedCharacterSets.Latin9), (166, CodedCharacterSets.Thai),
                 })
        {
            list.Add(new($"ISO_IR {number}", false, Ascii, set));
            list.Add(new($"ISO 2022 IR {number}", true, Ascii, set));
        }

        // Table C.12-4: multi-byte with code extensions.
        list.Add(new("ISO 2022 IR 87", true, CodedCharacterSets.JisX0208, null));
        list.Add(new("ISO 2022 IR 159", true, CodedCharacterSets.JisX0212, null));
        list.Add(new("ISO 2022 IR 149", true, null, CodedCharacterSets.KsX1001));
        list.Add(new("ISO 2022 IR 58", true, null, CodedCharacterSets.Gb2312));

        // Table C.12-5: multi-byte without code extensions.
        list.Add(new("ISO_IR 192", false, null, null, CodePage: 65001));
        list.Add(new("GB18030", false, null, null, CodePage: 54936));
        list.Add(new("GBK", false, null, null, CodePage: 936));

        return list.ToArray();
    }
}
