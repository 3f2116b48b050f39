namespace DicomNode.Reporting.Coding;

/// <summary>
/// A coded concept as the Code Sequence Macro carries it (PS3.3 Table 8.8-1): code value, coding scheme
/// designator and code meaning. Values here are at most 16 characters, so Code Value (SH) always holds them.
/// </summary>
public readonly record struct CodedConcept(string Value, string Scheme, string Meaning)
{
    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";
}
