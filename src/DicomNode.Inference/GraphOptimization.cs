namespace DicomNode.Inference;

/// <summary>GraphOptimizationLevel of the C API (the values are the API's).</summary>
public enum GraphOptimization
{
    Disabled = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
