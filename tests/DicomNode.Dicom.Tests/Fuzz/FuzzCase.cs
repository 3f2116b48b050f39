namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>One generated input: the bytes, the corpus file it came from, and the mutations applied, in order.</summary>
internal sealed record FuzzCase(int Number, string Source, string Mutation, byte[] Bytes);
