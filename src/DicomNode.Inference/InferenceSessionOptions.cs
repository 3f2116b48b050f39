namespace DicomNode.Inference;

/// <summary>
/// How a session is built. A record, so equal options share a cached session
/// (<see cref="InferenceSessionCache"/>).
/// </summary>
public sealed record InferenceSessionOptions
{
    public static InferenceSessionOptions Default { get; } = new();

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads across independent operators; 0 lets ONNX Runtime choose.</summary>
    public int InterOpThreads { get; init; }

    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.All;

    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>GPU index for CUDA or TensorRT.</summary>
    public int DeviceId { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (IntraOpThreads < 0)
        {
            throw new ArgumentException($"IntraOpThreads must be 0 (automatic) or positive, not {IntraOpThreads}");
        }

        if (InterOpThreads < 0)
        {
            throw new ArgumentException($"InterOpThreads must be 0 (automatic) or positive, not {InterOpThreads}");
        }

        if (DeviceId < 0)
        {
            throw new ArgumentException($"DeviceId must be 0 or positive, not {DeviceId}");
        }

        if (!Enum.IsDefined(Provider) || !Enum.IsDefined(GraphOptimization))
        {
            throw new ArgumentException($"unknown provider {Provider} or graph optimization {GraphOptimization}");
        }
    }
}
