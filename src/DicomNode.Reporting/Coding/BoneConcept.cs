using DicomNode.Analysis.Findings;

namespace DicomNode.Reporting.Coding;

/// <summary>How a bone label is coded, named and shown.</summary>
/// <param name="Code">The segmented property type (category Anatomical Structure) and the SR finding site.</param>
/// <param name="Name">The English name, lower case, for labels ("Left ilium").</param>
/// <param name="Paired">True for bones that come left and right; they carry a laterality modifier.</param>
/// <param name="Colour">Display colour (sRGB) for the segment.</param>
public sealed record BoneConcept(Bone Bone, CodedConcept Code, string Name, bool Paired, (byte R, byte G, byte B) Colour);
