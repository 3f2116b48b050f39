namespace DicomNode.Inference.Manifest;

/// <summary>The manifest's names for <see cref="SequenceKind"/>.</summary>
public static class SequenceKinds
{
    public static string ToManifestName(this SequenceKind kind) => kind switch
    {
        SequenceKind.Dwi => "DWI",
        SequenceKind.Adc => "ADC",
        SequenceKind.T1InPhase => "T1IP",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, out SequenceKind kind)
    {
        switch (name)
        {
            case "DWI":
                kind = SequenceKind.Dwi;
                return true;
            case "ADC":
                kind = SequenceKind.Adc;
                return true;
            case "T1IP":
                kind = SequenceKind.T1InPhase;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
