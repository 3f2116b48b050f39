namespace DicomNode.Reporting.Inputs;

/// <summary>One model as the Algorithm Identification Macro and TID 4019 name it.</summary>
/// <param name="Name">The model id of the manifest, e.g. "pelvic-bones".</param>
/// <param name="Version">The model version of the manifest.</param>
/// <param name="Parameters">Free text for Algorithm Parameters (thresholds); omitted when null.</param>
public sealed record AlgorithmIdentity(string Name, string Version, string? Parameters = null);
