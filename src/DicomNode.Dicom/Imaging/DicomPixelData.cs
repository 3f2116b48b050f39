using DicomNode.Dicom.Imaging.Codecs;
using DicomNode.Dicom.IO;

namespace DicomNode.Dicom.Imaging;

/// <summary>
/// The Image Pixel module of a data set (PS3.3 §C.7.6.3) and its frames as native, uncompressed bytes.
/// Native pixel data are sliced (PS3.5 §8.1.1), RLE Lossless is decoded (PS3.5 Annex G), JPEG, JPEG-LS and
/// JPEG 2000 frames by the decoders of a <see cref="FrameDecoderRegistry"/>; a syntax without an available
/// decoder raises <see cref="DicomUnsupportedTransferSyntaxException"/> when a frame is asked for.
/// The attributes are read once, in the constructor; frames are produced on demand.
/// </summary>
public sealed partial class DicomPixelData
{
    private readonly DicomDataset _dataset;
    private readonly FrameDecoderRegistry _decoders;
    private readonly PixelDataLocation? _location;
    private ReadOnlyMemory<byte>? _native;
    private int[]? _frameFirstFragment;

    public DicomPixelData(DicomFile file)
        : this((file ?? throw new ArgumentNullException(nameof(file))).Dataset, file.TransferSyntax)
    {
    }

    /// <summary>Reads the Image Pixel module of <paramref name="dataset"/>, which was encoded in <paramref name="transferSyntax"/>.</summary>
    public DicomPixelData(DicomDataset dataset, DicomTransferSyntax transferSyntax)
        : this(dataset, transferSyntax, FrameDecoderRegistry.Default)
    {
    }

    /// <summary>
    /// Reads the Image Pixel module of <paramref name="header"/>, a data set read without its Pixel Data, whose native frames are
    /// read from the file one at a time, where <paramref name="pixelData"/> says (<see cref="Part10HeaderReader"/>): memory holds one
    /// frame, never the whole value.
    /// </summary>
    public DicomPixelData(DicomDataset header, DicomTransferSyntax transferSyntax, PixelDataLocation pixelData)
        : this(header, transferSyntax, FrameDecoderRegistry.Default)
    {
        ArgumentNullException.ThrowIfNull(pixelData);
        if (transferSyntax.IsEncapsulated || transferSyntax.IsBigEndian || transferSyntax.IsDeflated)
        {
            throw new ArgumentException($"frames in {transferSyntax.Name} cannot be read in place; read the data set with its Pixel Data", nameof(transferSyntax));
        }

        _location = pixelData;
    }

    /// <summary>As the two-argument constructor, decoding compressed frames with <paramref name="decoders"/>.</summary>
    public DicomPixelData(DicomDataset dataset, DicomTransferSyntax transferSyntax, FrameDecoderRegistry decoders)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(transferSyntax);
        ArgumentNullException.ThrowIfNull(decoders);
        _dataset = dataset;
        _decoders = decoders;
        TransferSyntax = transferSyntax;

        Rows = Required(DicomTags.Rows);
        Columns = Required(DicomTags.Columns);
        BitsAllocated = Required(DicomTags.BitsAllocated);
        SamplesPerPixel = Optional(DicomTags.SamplesPerPixel, 1);
        BitsStored = Optional(DicomTags.BitsStored, BitsAllocated);
        HighBit = Optional(DicomTags.HighBit, BitsStored - 1);
        PixelRepresentation = Optional(DicomTags.PixelRepresentation, 0);
        PlanarConfiguration = Optional(DicomTags.PlanarConfiguration, 0);
        PhotometricInterpretation = dataset.GetString(DicomTags.PhotometricInterpretation) is { Length: > 0 } pi
            ? pi.Trim()
            : SamplesPerPixel == 1 ? "MONOCHROME2" : "RGB";
        NumberOfFrames = ReadNumberOfFrames(dataset);
        RescaleSlope = dataset.TryGetDouble(DicomTags.RescaleSlope, out var slope) ? slope : 1.0;
        RescaleIntercept = dataset.TryGetDouble(DicomTags.RescaleIntercept, out var intercept) ? intercept : 0.0;
        Validate();
    }

    public DicomTransferSyntax TransferSyntax { get; }

    /// <summary>Rows (0028,0010).</summary>
    public int Rows { get; }

    /// <summary>Columns (0028,0011).</summary>
    public int Columns { get; }

    /// <summary>Samples per Pixel (0028,0002): 1 for monochrome and palette color, 3 for RGB and YBR.</summary>
    public int SamplesPerPixel { get; }

    /// <summary>Bits Allocated (0028,0100): 1, 8, 16 or 32.</summary>
    public int BitsAllocated { get; }

    /// <summary>Bits Stored (0028,0101); defaults to Bits Allocated.</summary>
    public int BitsStored { get; }

    /// <summary>High Bit (0028,0102); defaults to Bits Stored − 1.</summary>
    public int HighBit { get; }

    /// <summary>Pixel Representation (0028,0103): 0 unsigned, 1 two's complement.</summary>
    public int PixelRepresentation { get; }

    public bool IsSigned => PixelRepresentation == 1;

    /// <summary>Photometric Interpretation (0028,0004): MONOCHROME1, MONOCHROME2, RGB, YBR_FULL, YBR_FULL_422, PALETTE COLOR…</summary>
    public string PhotometricInterpretation { get; }

    /// <summary>Planar Configuration (0028,0006) as the data set states it: 0 color-by-pixel, 1 color-by-plane.</summary>
    public int PlanarConfiguration { get; }

    /// <summary>Number of Frames (0028,0008); 1 when absent.</summary>
    public int NumberOfFrames { get; }

    /// <summary>Rescale Slope (0028,1053); 1 when absent.</summary>
    public double RescaleSlope { get; }

    /// <summary>Rescale Intercept (0028,1052); 0 when absent.</summary>
    public double RescaleIntercept { get; }

    /// <summary>Bytes per sample; 0 for bit-packed (Bits Allocated 1) data.</summary>
    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>
    /// True for native YBR_FULL_422 / YBR_PARTIAL_422, whose frames hold two luminance samples and one
    /// pair of chrominance samples per two pixels (PS3.3 §C.7.6.3.1.2).
    /// </summary>
    public bool IsChromaSubsampled =>
        SamplesPerPixel == 3
        && (!TransferSyntax.IsEncapsulated || TransferSyntax.Equals(DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian))
        && PhotometricInterpretation is "YBR_FULL_422" or "YBR_PARTIAL_422";

    /// <summary>
    /// The planar configuration of the bytes <see cref="GetFrame"/> returns: RLE Lossless decodes
    /// color-by-plane (PS3.5 §G.2), the JPEG family color-by-pixel, native data keep the data set's.
    /// </summary>
    public int FramePlanarConfiguration =>
        SamplesPerPixel == 1 ? PlanarConfiguration
        : TransferSyntax.Equals(DicomTransferSyntax.RleLossless) ? 1
        : IsCodecDecoded ? 0
        : PlanarConfiguration;

    /// <summary>
    /// The photometric interpretation of the bytes <see cref="GetFrame"/> returns: RGB for baseline and extended
    /// JPEG frames stored as YBR_FULL_422 or YBR_FULL (decoded from YCbCr) and for JPEG 2000 frames stored as
    /// YBR_RCT or YBR_ICT (the component transform undone, PS3.5 §8.2.4); otherwise the data set's.
    /// </summary>
    public string FramePhotometricInterpretation =>
        IsDctJpeg && JpegDctDecoder.ConvertsToRgb(SamplesPerPixel, PhotometricInterpretation) ? "RGB"
        : IsJpeg2000 && Jpeg2000Decoder.ConvertsToRgb(PhotometricInterpretation) ? "RGB"
        : PhotometricInterpretation;

    /// <summary>Whether <see cref="GetFrame"/> can produce frames in this transfer syntax on this platform.</summary>
    public bool CanDecode => !TransferSyntax.IsEncapsulated || _decoders.CanDecode(TransferSyntax);

    private bool IsCodecDecoded => TransferSyntax.IsEncapsulated
        && !TransferSyntax.Equals(DicomTransferSyntax.RleLossless)
        && !TransferSyntax.Equals(DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian);

    private bool IsDctJpeg => TransferSyntax.Equals(DicomTransferSyntax.JpegBaseline8Bit) || TransferSyntax.Equals(DicomTransferSyntax.JpegExtended12Bit);

    private bool IsJpeg2000 => TransferSyntax.Equals(DicomTransferSyntax.Jpeg2000Lossless) || TransferSyntax.Equals(DicomTransferSyntax.Jpeg2000);

    /// <summary>Pixels in one frame.</summary>
    public int PixelCount => Rows * Columns;

    /// <summary>Bits in one native frame (PS3.5 §8.1.1); frames of Bits Allocated 1 follow each other bit by bit.</summary>
    public long FrameBits =>
        (long)Rows * Columns * (IsChromaSubsampled ? 2 : SamplesPerPixel) * BitsAllocated;

    /// <summary>Length in bytes of what <see cref="GetFrame"/> returns.</summary>
    public int FrameLength => checked((int)((FrameBits + 7) / 8));

    /// <summary>
    /// The native bytes of frame <paramref name="index"/> (zero-based): Little Endian, laid out as
    /// <see cref="FramePlanarConfiguration"/> says, chroma still subsampled for YBR_*_422. For Bits Allocated 1 the
    /// frame's bits are packed from bit 0 of byte 0, first pixel in the least significant bit (PS3.5 §8.1.1),
    /// and the bits after the last pixel are zero.
    /// </summary>
    public ReadOnlyMemory<byte> GetFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, NumberOfFrames);
        if (!TransferSyntax.IsEncapsulated)
        {
            return GetNativeFrame(index);
        }

        if (TransferSyntax.Equals(DicomTransferSyntax.RleLossless))
        {
            return DecodeRleFrame(index);
        }

        if (TransferSyntax.Equals(DicomTransferSyntax.EncapsulatedUncompressedExplicitVRLittleEndian))
        {
            // PS3.5 §A.4.11: each frame is one fragment of native Little Endian bytes.
            var fragment = GetEncapsulatedFrame(index);
            if (fragment.Length < FrameLength)
            {
                throw new DicomFormatException($"frame {index} holds {fragment.Length} bytes where {FrameLength} are needed", 0, DicomTags.PixelData);
            }

            return fragment[..FrameLength];
        }

        if (_decoders.TryGetDecoder(TransferSyntax, out var decoder))
        {
            return DecodeCodecFrame(decoder, index);
        }

        throw new DicomUnsupportedTransferSyntaxException(TransferSyntax);
    }

    private byte[] DecodeCodecFrame(IFrameDecoder decoder, int index)
    {
        if (BitsAllocated == 1)
        {
            throw new DicomFormatException($"{TransferSyntax.Name} with Bits Allocated 1 is not defined (PS3.5 §8.2)", 0, DicomTags.BitsAllocated);
        }

        var encoded = GetEncapsulatedFrame(index);
        var layout = new FrameLayout(Rows, Columns, SamplesPerPixel, BitsAllocated, BitsStored, IsSigned, PhotometricInterpretation, index);
        var output = new byte[FrameLength];
        decoder.Decode(encoded.Span, layout, output);
        return output;
    }

    private ReadOnlyMemory<byte> GetNativeFrame(int index)
    {
        if (_location is { } location)
        {
            return ReadNativeFrame(location, index);
        }

        var bytes = NativeBytes();
        if (BitsAllocated == 1)
        {
            return ExtractBits(bytes.Span, index * FrameBits, FrameBits);
        }

        return bytes.Slice(index * FrameLength, FrameLength);
    }

    /// <summary>Frame <paramref name="index"/> read from the file: its bytes only, or for Bits Allocated 1 the bytes its bits span.</summary>
    private byte[] ReadNativeFrame(PixelDataLocation location, int index)
    {
        CheckLength(location.Length);
        if (BitsAllocated == 1)
        {
            var start = index * FrameBits;
            var first = start / 8;
            var span = new byte[Math.Min(((start + FrameBits + 7) / 8) - first + 1, location.Length - first)];
            location.Read(first, span);
            return ExtractBits(span, start % 8, FrameBits);
        }

        var frame = new byte[FrameLength];
        location.Read((long)index * FrameLength, frame);
        return frame;
    }

    /// <summary>A Pixel Data value of <paramref name="length"/> bytes must hold every frame.</summary>
    private void CheckLength(long length)
    {
        // Int128: a crafted Number of Frames times a large frame must not wrap around.
        var needed = (((Int128)FrameBits * NumberOfFrames) + 7) / 8;
        if (length < needed)
        {
            var size = BitsAllocated == 1 ? "1 bit" : $"{BytesPerSample} byte(s)";
            var samples = IsChromaSubsampled ? "2 samples (4:2:2)" : $"{SamplesPerPixel} sample(s)";
            throw new DicomFormatException(
                $"Pixel Data holds {length} bytes; {Rows} rows × {Columns} columns × {samples} × {size} × {NumberOfFrames} frame(s) need {needed}",
                0,
                DicomTags.PixelData);
        }
    }

    /// <summary>The Pixel Data value, in Little Endian units of Bits Allocated, checked to hold every frame.</summary>
    private ReadOnlyMemory<byte> NativeBytes()
    {
        if (_native is { } cached)
        {
            return cached;
        }

        if (_dataset[DicomTags.PixelData] is not DicomValueElement element)
        {
            throw new DicomFormatException(
                _dataset.Contains(DicomTags.PixelData)
                    ? $"Pixel Data is encapsulated although the transfer syntax {TransferSyntax.Uid} is native"
                    : "the data set has no Pixel Data",
                0,
                DicomTags.PixelData);
        }

        CheckLength(element.Length);
        var bytes = element.Bytes;
        var unit = BytesPerSample;
        var parserUnit = ByteSwap.UnitSize(element.VR);
        if (TransferSyntax.IsBigEndian && unit > 1 && parserUnit != unit)
        {
            // The reader swapped the value by its VR's unit (PS3.5 §7.3: OW by 16-bit words); a 32-bit
            // sample in OW, or a 16-bit one in OB, needs the swap by its own size instead.
            bytes = ByteSwap.Swap(ByteSwap.Swap(bytes, parserUnit), unit);
        }

        _native = bytes;
        return bytes;
    }

    /// <summary>Copies <paramref name="count"/> bits starting at bit <paramref name="start"/> to bit 0 of a new array.</summary>
    private static byte[] ExtractBits(ReadOnlySpan<byte> source, long start, long count)
    {
        var result = new byte[(count + 7) / 8];
        var first = (int)(start / 8);
        var shift = (int)(start % 8);
        for (var i = 0; i < result.Length; i++)
        {
            var low = source[first + i] >> shift;
            var high = shift > 0 && first + i + 1 < source.Length ? source[first + i + 1] << (8 - shift) : 0;
            result[i] = (byte)(low | high);
        }

        var tail = (int)(count % 8);
        if (tail != 0)
        {
            result[^1] &= (byte)((1 << tail) - 1);
        }

        return result;
    }

    private ReadOnlyMemory<byte> DecodeRleFrame(int index)
    {
        if (BitsAllocated == 1)
        {
            throw new NotSupportedException("RLE Lossless with Bits Allocated 1 is not defined by PS3.5 Annex G and is not decoded.");
        }

        var encoded = GetEncapsulatedFrame(index);
        // PS3.5 §G.3.1: two encoded bytes yield at most 128, so a frame the data cannot fill is refused
        // before its buffer is allocated; Rows and Columns alone must not make us allocate gigabytes.
        if (FrameLength > 64L * encoded.Length)
        {
            throw new DicomFormatException(
                $"frame {index}: {encoded.Length} bytes of RLE data cannot decode to the {FrameLength} bytes the frame needs", 0, DicomTags.PixelData);
        }

        var output = new byte[FrameLength];
        RleDecoder.Decode(encoded.Span, output, PixelCount, SamplesPerPixel, BytesPerSample, index);
        return output;
    }

    private int Required(DicomTag tag)
    {
        if (!_dataset.TryGetInt32(tag, out var value))
        {
            throw new DicomFormatException("the Image Pixel module lacks a Type 1 attribute or its value is not an integer", 0, tag);
        }

        return value;
    }

    private int Optional(DicomTag tag, int fallback) =>
        !_dataset.Contains(tag) || _dataset.GetValueCount(tag) == 0 ? fallback : Required(tag);

    private static int ReadNumberOfFrames(DicomDataset dataset)
    {
        if (!dataset.Contains(DicomTags.NumberOfFrames) || string.IsNullOrWhiteSpace(dataset.GetString(DicomTags.NumberOfFrames)))
        {
            return 1;
        }

        if (!dataset.TryGetInt32(DicomTags.NumberOfFrames, out var frames) || frames < 1)
        {
            throw new DicomFormatException("Number of Frames is not a positive integer", 0, DicomTags.NumberOfFrames);
        }

        return frames;
    }

    /// <summary>PS3.3 §C.7.6.3.1: the relations the Image Pixel module's attributes must keep.</summary>
    private void Validate()
    {
        static DicomFormatException Bad(string message, DicomTag tag) => new(message, 0, tag);

        if (Rows < 1 || Rows > ushort.MaxValue)
        {
            throw Bad($"Rows is {Rows}", DicomTags.Rows);
        }

        if (Columns < 1 || Columns > ushort.MaxValue)
        {
            throw Bad($"Columns is {Columns}", DicomTags.Columns);
        }

        if (SamplesPerPixel is < 1 or > 4)
        {
            throw Bad($"Samples per Pixel is {SamplesPerPixel}; 1, 3 (or retired 4) are defined", DicomTags.SamplesPerPixel);
        }

        if (BitsAllocated is not (1 or 8 or 16 or 32))
        {
            throw Bad($"Bits Allocated is {BitsAllocated}; 1, 8, 16 and 32 are supported", DicomTags.BitsAllocated);
        }

        if (BitsStored < 1 || BitsStored > BitsAllocated)
        {
            throw Bad($"Bits Stored is {BitsStored} with Bits Allocated {BitsAllocated}", DicomTags.BitsStored);
        }

        if (HighBit < BitsStored - 1 || HighBit >= BitsAllocated)
        {
            throw Bad($"High Bit is {HighBit} with Bits Stored {BitsStored} and Bits Allocated {BitsAllocated}", DicomTags.HighBit);
        }

        if (PixelRepresentation is not (0 or 1))
        {
            throw Bad($"Pixel Representation is {PixelRepresentation}", DicomTags.PixelRepresentation);
        }

        if (PlanarConfiguration is not (0 or 1))
        {
            throw Bad($"Planar Configuration is {PlanarConfiguration}", DicomTags.PlanarConfiguration);
        }

        if (BitsAllocated == 1 && SamplesPerPixel != 1)
        {
            throw Bad("Bits Allocated 1 is defined for single-sample images only", DicomTags.BitsAllocated);
        }

        if (IsChromaSubsampled && Columns % 2 != 0)
        {
            throw Bad($"{PhotometricInterpretation} needs an even number of columns, not {Columns}", DicomTags.Columns);
        }

        if (FrameBits > (long)Array.MaxLength * 8)
        {
            throw Bad($"one frame of {Rows} × {Columns} is larger than an array can hold", DicomTags.Rows);
        }
    }
}
