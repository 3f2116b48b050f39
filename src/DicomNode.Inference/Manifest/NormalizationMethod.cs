namespace DicomNode.Inference.Manifest;

public enum NormalizationMethod
{
    /// <summary>"minmax": scaled linearly to [0, 1].</summary>
    MinMax,

    /// <summary>"zscore": minus the mean, divided by the standard deviation.</summary>
    ZScore,

    /// <summary>"percentile": clipped to the lower and upper percentiles, then scaled to [0, 1].</summary>
    Percentile,
}
