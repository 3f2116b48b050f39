namespace DicomNode.Inference.Manifest;

public enum ModelOutputKind
{
    /// <summary>"softmax": one channel per class, label = the channel of the largest value.</summary>
    Softmax,

    /// <summary>"sigmoid": one channel, label where the value is at or above the threshold.</summary>
    Sigmoid,
}
