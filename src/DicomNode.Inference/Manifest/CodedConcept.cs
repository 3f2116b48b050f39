namespace DicomNode.Inference.Manifest;

/// <summary>A code triplet (PS3.3 §8.8): code value, coding scheme designator, code meaning.</summary>
public sealed record CodedConcept(string Value, string Scheme, string Meaning)
{
    public override string ToString() => $"({Value}, {Scheme}, \"{Meaning}\")";
}
