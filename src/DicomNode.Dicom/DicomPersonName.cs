namespace DicomNode.Dicom;

/// <summary>
/// A person name (PN, PS3.5 §6.2.1): up to three component groups (alphabetic, ideographic, phonetic)
/// separated by '=', each of five components separated by '^'.
/// </summary>
public sealed record DicomPersonName(string Alphabetic, string Ideographic, string Phonetic)
{
    public string FamilyName => Component(Alphabetic, 0);

    public string GivenName => Component(Alphabetic, 1);

    public string MiddleName => Component(Alphabetic, 2);

    public string NamePrefix => Component(Alphabetic, 3);

    public string NameSuffix => Component(Alphabetic, 4);

    public static DicomPersonName Parse(string value)
    {
        var groups = value.Split('=');
        return new DicomPersonName(
            groups.Length > 0 ? groups[0] : string.Empty,
            groups.Length > 1 ? groups[1] : string.Empty,
            groups.Length > 2 ? groups[2] : string.Empty);
    }

    /// <summary>The PN value, trailing empty groups left out.</summary>
    public override string ToString()
    {
        if (Phonetic.Length > 0)
        {
            return $"{Alphabetic}={Ideographic}={Phonetic}";
        }

        return Ideographic.Length > 0 ? $"{Alphabetic}={Ideographic}" : Alphabetic;
    }

    private static string Component(string group, int index)
    {
        var parts = group.Split('^');
        return index < parts.Length ? parts[index].Trim() : string.Empty;
    }
}
