namespace DicomNode.Phantom.Vendors;

/// <summary>The grid and the MR Image module parameters of one acquisition (PS3.3 C.8.3.1).</summary>
internal sealed record AcquisitionProtocol(
    int Columns,
    int Rows,
    double PixelSpacing,
    int Slices,
    double SliceThickness,
    double SliceSpacing,
    bool Descending,
    bool Oblique,
    string[] ScanningSequence,
    string[] SequenceVariant,
    string[] ScanOptions,
    string AcquisitionType,
    double RepetitionTime,
    double EchoTime,
    int EchoTrainLength,
    double FlipAngle,
    string SequenceName,
    double PixelBandwidth,
    double NoiseSigma);
