namespace DicomNode.Inference.Manifest;

/// <summary>How patches are blended where they overlap.</summary>
public enum WindowBlending
{
    /// <summary>Every voxel of a patch counts the same.</summary>
    Constant,

    /// <summary>A Gaussian centred on the patch (σ = ⅛ of the patch along each axis), so patch borders count little.</summary>
    Gaussian,
}
