namespace DicomNode.Inference.Manifest;

/// <summary>How the model grid is laid over a source volume.</summary>
public enum GridSpacingPolicy
{
    /// <summary>"fixed-size": the source's whole field of view, divided into D×H×W voxels.</summary>
    FixedSize,

    /// <summary>"fixed-spacing": D×H×W voxels of a fixed spacing in mm, centred on the source's field of view.</summary>
    FixedSpacing,
}
