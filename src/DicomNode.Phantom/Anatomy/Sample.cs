namespace DicomNode.Phantom.Anatomy;

/// <summary>
/// What lies at one point: the tissue, the bone label and side when inside a labelled bone (a metastasis keeps
/// the label of the bone it lies in), and the lesion value of the lesion label volume (0 none).
/// </summary>
internal readonly record struct Sample(Tissue Tissue, BoneLabel Bone, Side Side, byte Lesion)
{
    public static readonly Sample Air = new(Tissue.Air, BoneLabel.None, Side.Midline, 0);
}
