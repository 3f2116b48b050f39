namespace DicomNode.Phantom.Anatomy;

/// <summary>The tissue classes whose MR properties the sequences are synthesised from.</summary>
internal enum Tissue : byte
{
    Air = 0,
    Fat,
    Muscle,
    BoneMarrow,
    Bladder,
    Rectum,
    Vessel,
    CerebrospinalFluid,
    Metastasis,
    LymphNode,
    IntervertebralDisc,
    Bowel,
}
