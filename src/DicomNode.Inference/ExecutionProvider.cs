namespace DicomNode.Inference;

/// <summary>Where a session runs. Configuration names: cpu, cuda, tensorrt, auto (case-insensitive).</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU provider, present in every ONNX Runtime build.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (CUDA 13, cuDNN 9); the GPU runtime packages for linux-x64 and win-x64 carry its provider library.</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT 10, with CUDA for the nodes TensorRT does not take; opt-in only, never chosen by <see cref="Auto"/>.</summary>
    TensorRt,

    /// <summary>CUDA when its libraries load and a session starts on it, else CPU; each step is logged with its reason.</summary>
    Auto,
}
