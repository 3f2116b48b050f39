using System.Text;

namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>The first case that broke the contract, with everything needed to replay it.</summary>
internal sealed record FuzzFailure(int Seed, FuzzCase Case, string Problem, string SavedInput)
{
    public override string ToString()
    {
        var text = new StringBuilder();
        text.AppendLine($"Fuzz case failed: seed {Seed}, case {Case.Number}, source {Case.Source}, mutation: {Case.Mutation}");
        text.AppendLine($"Input ({Case.Bytes.Length} bytes) saved to {SavedInput}");
        text.AppendLine($"Replay: DICOMNODE_FUZZ_SEED={Seed} DICOMNODE_FUZZ_CASE={Case.Number} dotnet test --filter FullyQualifiedName~Fuzz");
        text.Append(Problem);
        return text.ToString();
    }
}
