namespace DicomNode.Inference.Manifest;

/// <summary>One label value a model writes, what it means, and its coded concept (the SEG segment's property type).</summary>
public sealed record ModelLabel(byte Value, string Name, CodedConcept Concept);
