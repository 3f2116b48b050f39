using DicomNode.Inference.OnnxRuntime;

namespace DicomNode.Inference;

/// <summary>A call into ONNX Runtime returned a failed status; carries its code and message.</summary>
public class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode errorCode, string ortMessage)
        : base($"ONNX Runtime error {errorCode}: {ortMessage}")
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    public OnnxRuntimeException(string message, OrtErrorCode errorCode, string ortMessage, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message as ONNX Runtime wrote it.</summary>
    public string OrtMessage { get; }
}
