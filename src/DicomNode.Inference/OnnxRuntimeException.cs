namespace DicomNode.Inference;

/// <summary>A call into ONNX Runtime failed; carries its code and message.</summary>
public class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(string message, OrtErrorCode errorCode, string ortMessage, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        OrtMessage = ortMessage;
    }

    public OrtErrorCode ErrorCode { get; }

    /// <summary>The message as ONNX Runtime wrote it.</summary>
    public string OrtMessage { get; }

    /// <summary>Ours for ONNX Runtime's own exception, with <paramref name="context"/> before its message.</summary>
    internal static OnnxRuntimeException From(Microsoft.ML.OnnxRuntime.OnnxRuntimeException e, string context)
    {
        string ortMessage = e.Message.Trim();
        return new OnnxRuntimeException($"{context}: {ortMessage}", CodeOf(e), ortMessage, e);
    }

    /// <summary>The code ONNX Runtime's managed exception writes at the head of its message: "[ErrorCode:InvalidProtobuf] …".</summary>
    internal static OrtErrorCode CodeOf(Microsoft.ML.OnnxRuntime.OnnxRuntimeException e)
    {
        const string Prefix = "[ErrorCode:";
        string message = e.Message;
        int start = message.IndexOf(Prefix, StringComparison.Ordinal);
        int end = start < 0 ? -1 : message.IndexOf(']', start);
        return end > start && Enum.TryParse(message[(start + Prefix.Length)..end], ignoreCase: false, out OrtErrorCode code) ? code : OrtErrorCode.Fail;
    }
}
