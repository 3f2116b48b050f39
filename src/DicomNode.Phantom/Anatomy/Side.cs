namespace DicomNode.Phantom.Anatomy;

/// <summary>The patient's side; the lumbar vertebra and the sacrococcyx are midline.</summary>
public enum Side : byte
{
    Midline = 0,
    Left = 1,
    Right = 2,
}
