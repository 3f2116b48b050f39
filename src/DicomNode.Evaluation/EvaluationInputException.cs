namespace DicomNode.Evaluation;

/// <summary>A truth or prediction folder that cannot be evaluated: a missing or unreadable file, named in the message.</summary>
internal sealed class EvaluationInputException(string message, Exception? inner = null) : IOException(message, inner);
