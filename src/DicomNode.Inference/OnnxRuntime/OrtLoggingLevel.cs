namespace DicomNode.Inference.OnnxRuntime;

/// <summary>OrtLoggingLevel of onnxruntime_c_api.h.</summary>
internal enum OrtLoggingLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
