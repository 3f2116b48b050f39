using DicomNode.Analysis.Findings;

namespace DicomNode.Reporting.Coding;

/// <summary>
/// The eight bone labels coded as models/models.json codes them (the manifest is the source of truth for the label
/// codes; this table must agree with it, and a test checks that it does).
/// </summary>
public static class BoneConcepts
{
    private static readonly BoneConcept[] Table =
    [
        // PS3.16 has no generic "lumbar vertebra"; Lumbar spine is the region (the phantom's label is L5).
        new(Bone.LumbarVertebra, new("122496007", "SCT", "Lumbar spine"), "lumbar vertebra", false, (230, 220, 170)),
        new(Bone.Sacrococcyx, new("1217254007", "SCT", "Sacro-coccygeal Spine"), "sacrococcyx", false, (220, 190, 130)),
        new(Bone.Ilium, new("22356005", "SCT", "Ilium"), "ilium", true, (241, 214, 145)),
        new(Bone.Acetabulum, new("37783008", "SCT", "Acetabulum"), "acetabulum", true, (183, 156, 220)),
        new(Bone.FemoralHead, new("2812003", "SCT", "Femoral head"), "femoral head", true, (111, 184, 210)),

        // Not in PS3.16: SNOMED 29627003 comes from a third-party RadLex mapping (RID2668 "femoral neck") and was not
        // verified against a SNOMED browser. Kept because the model manifest uses it.
        new(Bone.FemoralNeck, new("29627003", "SCT", "Structure of neck of femur"), "femoral neck", true, (144, 238, 144)),
        new(Bone.Ischium, new("85710004", "SCT", "Ischium"), "ischium", true, (221, 130, 101)),

        // Not in PS3.16: SNOMED 66040006 comes from the same third-party RadLex mapping (RID2553 "pubis"); unverified.
        // (82561000 Symphysis pubis is in PS3.16 but is the joint, not the bone.)
        new(Bone.Pubis, new("66040006", "SCT", "Pubis"), "pubis", true, (250, 160, 200)),
    ];

    public static IReadOnlyList<BoneConcept> All => Table;

    public static BoneConcept For(Bone bone) =>
        Table.FirstOrDefault(b => b.Bone == bone) ?? throw new ArgumentOutOfRangeException(nameof(bone), bone, "Not a bone label of the bone model.");

    /// <summary>The laterality code of a side; null for <see cref="Side.Midline"/>.</summary>
    public static CodedConcept? Laterality(Side side) => side switch
    {
        Side.Left => Concepts.Left,
        Side.Right => Concepts.Right,
        _ => null,
    };

    /// <summary>"Left ilium", "Sacrococcyx": the side (when there is one) and the bone's name, capitalised.</summary>
    public static string Label(Bone bone, Side side)
    {
        var name = For(bone).Name;
        var text = side switch
        {
            Side.Left => "left " + name,
            Side.Right => "right " + name,
            _ => name,
        };
        return char.ToUpperInvariant(text[0]) + text[1..];
    }
}
