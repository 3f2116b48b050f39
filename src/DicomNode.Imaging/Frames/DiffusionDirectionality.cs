namespace DicomNode.Imaging.Frames;

/// <summary>
/// What one diffusion-weighted image measures (PS3.3 §C.8.13.5.9 Diffusion Directionality, and the vendors' own
/// flags): one gradient direction, the trace (isotropic, the image a reader looks at), or no diffusion weighting.
/// </summary>
public enum DiffusionDirectionality
{
    /// <summary>Nothing in the header says; a series with one image per location is taken as trace-weighted.</summary>
    Unknown,

    /// <summary>b = 0 or DIFFUSION NONE.</summary>
    None,

    /// <summary>Trace-weighted or isotropic (Siemens TRACEW, Philips direction "I", a b &gt; 0 with a zero gradient).</summary>
    Isotropic,

    /// <summary>One gradient direction of raw diffusion (DTI) data.</summary>
    Directional,
}
