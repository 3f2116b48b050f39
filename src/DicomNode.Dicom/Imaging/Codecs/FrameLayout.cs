namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>What the Image Pixel module (PS3.3 §C.7.6.3) says one frame must decode to.</summary>
/// <param name="FrameIndex">Zero-based, for messages.</param>
/// <param name="PhotometricInterpretation">As the data set states it, before any color conversion.</param>
public readonly record struct FrameLayout(
    int Rows,
    int Columns,
    int SamplesPerPixel,
    int BitsAllocated,
    int BitsStored,
    bool IsSigned,
    string PhotometricInterpretation,
    int FrameIndex)
{
    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>Bytes of the decoded frame: every pixel with all its samples.</summary>
    public int NativeLength => Rows * Columns * SamplesPerPixel * BytesPerSample;

    /// <summary>A malformed or mismatching codestream, named by frame.</summary>
    public DicomFormatException Bad(string message) =>
        new($"frame {FrameIndex}: {message}", 0, DicomTags.PixelData);
}
