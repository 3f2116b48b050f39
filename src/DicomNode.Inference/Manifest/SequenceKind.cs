namespace DicomNode.Inference.Manifest;

/// <summary>The series a model can run on, as the manifest names them ("DWI", "ADC", "T1IP").</summary>
public enum SequenceKind
{
    /// <summary>Diffusion-weighted, the highest b-value ≥ 500.</summary>
    Dwi,

    /// <summary>The apparent diffusion coefficient map.</summary>
    Adc,

    /// <summary>T1-weighted Dixon in-phase.</summary>
    T1InPhase,
}
