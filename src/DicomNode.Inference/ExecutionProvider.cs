namespace DicomNode.Inference;

/// <summary>Where a session runs. Configuration names: cpu, cuda, directml, auto (case-insensitive).</summary>
public enum ExecutionProvider
{
    /// <summary>The CPU provider, present in every ONNX Runtime build.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA; needs a GPU build of ONNX Runtime with its CUDA provider library.</summary>
    Cuda,

    /// <summary>DirectML on Windows (shipped in the Windows onnxruntime-node package).</summary>
    DirectMl,

    /// <summary>CUDA when it can be appended, else DirectML on Windows, else CPU; the choice is logged.</summary>
    Auto,
}
