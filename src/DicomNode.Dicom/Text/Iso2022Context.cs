namespace DicomNode.Dicom.Text;

/// <summary>
/// The ISO 2022 code extension set-up given by a multi-valued Specific Character Set, PS3.5 §6.1.2.5:
/// value 1 gives the sets active at the start of each value and after each delimiter; every value lists
/// a set that escape sequences may designate.
/// </summary>
internal sealed class Iso2022Context
{
    public Iso2022Context(DefinedTerm first, IReadOnlyList<DefinedTerm> declared)
    {
        // A multi-byte G0 set (ISO 2022 IR 87/159) cannot be in force initially: the delimiters and the
        // ISO 646 characters of PS3.5 §6.1.2.5.3 must be readable, so ASCII starts in G0 in that case.
        InitialG0 = first.G0 is { BytesPerChar: 1 } g0 ? g0 : CodedCharacterSets.Ascii;
        InitialG1 = first.G1;
        var sets = new List<CodedCharacterSet>();
        foreach (var term in declared)
        {
            foreach (var set in new[] { term.G0, term.G1 })
            {
                if (set is not null && !sets.Contains(set))
                {
                    sets.Add(set);
                }
            }
        }

        Declared = sets;
    }

    /// <summary>The single-byte set in G0 at the start of each value: ISO-IR 6 or JIS X 0201 romaji.</summary>
    public CodedCharacterSet InitialG0 { get; }

    /// <summary>The set in G1 at the start of each value, if any.</summary>
    public CodedCharacterSet? InitialG1 { get; }

    /// <summary>The sets the terms declare, in term order; the encoder designates from these.</summary>
    public IReadOnlyList<CodedCharacterSet> Declared { get; }
}
