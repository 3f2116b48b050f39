namespace DicomNode.Inference.Manifest;

/// <summary>
/// How a model's output becomes labels: <see cref="Classes"/> channels for softmax (class 0 is
/// background), or one channel compared with <see cref="Threshold"/> for sigmoid.
/// </summary>
public sealed record ModelOutput(ModelOutputKind Kind, int Classes, double Threshold)
{
    public int Channels => Kind == ModelOutputKind.Softmax ? Classes : 1;
}
