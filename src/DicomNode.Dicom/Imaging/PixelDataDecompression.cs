namespace DicomNode.Dicom.Imaging;

/// <summary>
/// Replaces encapsulated Pixel Data by its native form (PS3.5 §8.1.1), so that the data set can be written in
/// an uncompressed transfer syntax, and updates the Image Pixel attributes the decoding changed.
/// </summary>
public static class PixelDataDecompression
{
    /// <summary>
    /// Decodes every frame of <paramref name="file"/> when its transfer syntax is encapsulated, and sets the
    /// file's transfer syntax to Explicit VR Little Endian. Raises <see cref="DicomUnsupportedTransferSyntaxException"/>
    /// when no decoder for the syntax is available; a native file is left as it is.
    /// </summary>
    public static void Decompress(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var source = file.TransferSyntax;
        if (!source.IsEncapsulated || !file.Dataset.Contains(DicomTags.PixelData))
        {
            return;
        }

        var pixels = new DicomPixelData(file);
        if (!pixels.CanDecode)
        {
            throw new DicomUnsupportedTransferSyntaxException(source);
        }

        var native = new byte[checked(((long)pixels.FrameLength * pixels.NumberOfFrames) + ((long)pixels.FrameLength * pixels.NumberOfFrames % 2))];
        for (var frame = 0; frame < pixels.NumberOfFrames; frame++)
        {
            pixels.GetFrame(frame).Span.CopyTo(native.AsSpan(frame * pixels.FrameLength));
        }

        var dataset = file.Dataset;
        dataset.Remove(DicomTags.PixelData);
        dataset.SetBytes(DicomTags.PixelData, pixels.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, native);
        if (pixels.SamplesPerPixel > 1)
        {
            // PS3.3 §C.7.6.3.1.2: the decoders output RGB for YBR_FULL_422 JPEG and YBR_RCT/ICT JPEG 2000;
            // §C.7.6.3.1.3: in the layout the decoder gives.
            dataset.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, pixels.FramePhotometricInterpretation);
            dataset.SetUInt16(DicomTags.PlanarConfiguration, (ushort)pixels.FramePlanarConfiguration);
        }

        // PS3.3 §C.7.6.1.1.5: an image once lossy compressed stays marked so, whatever its encoding now; the
        // attributes the source carries are kept, and JPEG Baseline and Extended, lossy by definition, add them.
        if (!dataset.Contains(DicomTags.LossyImageCompression)
            && (source.Equals(DicomTransferSyntax.JpegBaseline8Bit) || source.Equals(DicomTransferSyntax.JpegExtended12Bit)))
        {
            dataset.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");
            dataset.SetString(DicomTags.LossyImageCompressionMethod, DicomVR.CS, "ISO_10918_1");
        }

        file.TransferSyntax = DicomTransferSyntax.ExplicitVRLittleEndian;
    }
}
