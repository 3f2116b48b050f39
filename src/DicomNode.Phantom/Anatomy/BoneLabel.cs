namespace DicomNode.Phantom.Anatomy;

/// <summary>The eight bone labels of the clinical method (DESIGN.md), with the values used in every label volume.</summary>
public enum BoneLabel : byte
{
    None = 0,
    LumbarVertebra = 1,
    Sacrococcyx = 2,
    Ilium = 3,
    Acetabulum = 4,
    FemoralHead = 5,
    FemoralNeck = 6,
    Ischium = 7,
    Pubis = 8,
}
