using System.Buffers.Binary;

namespace DicomNode.Dicom.Imaging.Codecs;

/// <summary>
/// JPEG Lossless, Non-Hierarchical, Process 14 (ITU-T T.81 Annex H) with Huffman coding: the predictive
/// decoder of 1.2.840.10008.1.2.4.57 and, its first-order case, 1.2.840.10008.1.2.4.70. Our own code, as
/// JpegLibrary 0.4.32 reconstructs only predictors 1 and 4 correctly (predictors 2, 3, 5, 6 and 7 differ
/// from the uncompressed image on DCMTK-encoded files). Hierarchical and arithmetic-coded processes are refused.
/// </summary>
public sealed class JpegLosslessDecoder : IFrameDecoder
{
    private const byte Soi = 0xD8;
    private const byte Eoi = 0xD9;
    private const byte Sof3 = 0xC3;
    private const byte Dht = 0xC4;
    private const byte Sos = 0xDA;
    private const byte Dri = 0xDD;

    public string Name => "DicomNode JPEG lossless decoder (ITU-T T.81 Annex H)";

    public IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; } =
        [DicomTransferSyntax.JpegLossless, DicomTransferSyntax.JpegLosslessSV1];

    public bool IsAvailable => true;

    public void Decode(ReadOnlySpan<byte> encoded, FrameLayout layout, Span<byte> output)
    {
        try
        {
            DecodeFrame(encoded, layout, output);
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw layout.Bad($"malformed JPEG lossless codestream: {e.Message}");
        }
    }

    private static void DecodeFrame(ReadOnlySpan<byte> data, FrameLayout layout, Span<byte> output)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != Soi)
        {
            throw new InvalidDataException("no SOI marker at the start of the frame");
        }

        var tables = new JpegHuffmanTable?[4];
        FrameHeader? frame = null;
        int[][]? planes = null;
        var restartInterval = 0;
        var position = 2;
        while (true)
        {
            // T.81 §B.1.1.2: any number of 0xFF fill bytes may precede a marker.
            while (position < data.Length && data[position] != 0xFF)
            {
                position++;
            }

            while (position < data.Length && data[position] == 0xFF)
            {
                position++;
            }

            if (position >= data.Length)
            {
                break;
            }

            var marker = data[position++];
            if (marker == Eoi)
            {
                break;
            }

            if (marker is >= 0xD0 and <= 0xD7 or 0x01)
            {
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[position..]);
            var segment = data.Slice(position + 2, length - 2);
            switch (marker)
            {
                case Sof3:
                    frame = FrameHeader.Read(segment, layout);
                    planes = new int[frame.Components.Length][];
                    for (var i = 0; i < planes.Length; i++)
                    {
                        planes[i] = new int[frame.Width * frame.Height];
                    }

                    break;
                case >= 0xC0 and <= 0xCF when marker is not (Dht or 0xC8 or 0xCC):
                    throw new InvalidDataException($"SOF marker 0x{marker:X2} is not Huffman-coded non-hierarchical lossless (SOF3)");
                case Dht:
                    ReadHuffmanTables(segment, tables);
                    break;
                case Dri:
                    restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case Sos:
                    if (frame is null || planes is null)
                    {
                        throw new InvalidDataException("SOS before SOF3");
                    }

                    position = DecodeScan(data, position + length, segment, frame, planes, tables, restartInterval);
                    continue;
            }

            position += length;
        }

        if (frame is null || planes is null)
        {
            throw new InvalidDataException("no SOF3 frame header");
        }

        Emit(frame, planes, layout, output);
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, JpegHuffmanTable?[] tables)
    {
        // T.81 §B.2.4.2: one or more tables, each Tc/Th, sixteen counts, then the values.
        var at = 0;
        while (at < segment.Length)
        {
            var id = segment[at] & 0x0F;
            var counts = segment.Slice(at + 1, 16);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            if (id > 3 || total > 256)
            {
                throw new InvalidDataException("a DHT segment names a table beyond 3 or holds more than 256 codes");
            }

            tables[id] = new JpegHuffmanTable(counts, segment.Slice(at + 17, total));
            at += 17 + total;
        }
    }

    /// <summary>Decodes one scan (T.81 §H.2) into <paramref name="planes"/>; returns the offset of the marker that ends it.</summary>
    private static int DecodeScan(
        ReadOnlySpan<byte> data, int start, ReadOnlySpan<byte> header, FrameHeader frame, int[][] planes, JpegHuffmanTable?[] tables, int restartInterval)
    {
        // T.81 §B.2.3: Ns, then Cs and Td per component, then Ss (the predictor), Se, Ah/Al (Al is the point transform).
        var count = header[0];
        var components = new int[count];
        var huffman = new JpegHuffmanTable[count];
        for (var i = 0; i < count; i++)
        {
            var id = header[1 + (2 * i)];
            components[i] = Array.FindIndex(frame.Components, c => c == id);
            huffman[i] = tables[header[2 + (2 * i)] >> 4] ?? throw new InvalidDataException("a scan uses an undefined Huffman table");
            if (components[i] < 0)
            {
                throw new InvalidDataException($"the scan names component {id}, which the frame lacks");
            }
        }

        var predictor = header[1 + (2 * count)];
        var pointTransform = header[3 + (2 * count)] & 0x0F;
        if (predictor is < 1 or > 7)
        {
            throw new InvalidDataException($"predictor {predictor} is not one of T.81 Table H.1's 1…7");
        }

        var width = frame.Width;
        var height = frame.Height;
        // T.81 §H.1.2.1: the first sample of a scan or restart interval is predicted by 2^(P − Pt − 1).
        var initial = 1 << (frame.Precision - pointTransform - 1);
        var reader = new JpegBitReader(data, start);
        if (count == 1 && restartInterval == 0)
        {
            // The common case (one component, no restart markers): a tight loop per predictor.
            var plane = planes[components[0]].AsSpan();
            switch (predictor)
            {
                case 1: Rows<PredictLeft>(ref reader, plane, width, height, initial, huffman[0]); break;
                case 2: Rows<PredictAbove>(ref reader, plane, width, height, initial, huffman[0]); break;
                case 3: Rows<PredictAboveLeft>(ref reader, plane, width, height, initial, huffman[0]); break;
                case 4: Rows<PredictPlane>(ref reader, plane, width, height, initial, huffman[0]); break;
                case 5: Rows<PredictLeftHalfGradient>(ref reader, plane, width, height, initial, huffman[0]); break;
                case 6: Rows<PredictAboveHalfGradient>(ref reader, plane, width, height, initial, huffman[0]); break;
                default: Rows<PredictAverage>(ref reader, plane, width, height, initial, huffman[0]); break;
            }

            frame.PointTransforms[components[0]] = pointTransform;
            return ScanEnd(data, reader.Position);
        }

        var left = restartInterval;
        var intervalRow = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                if (restartInterval > 0 && left == 0)
                {
                    if (!reader.Restart())
                    {
                        throw new InvalidDataException("a restart marker is missing");
                    }

                    left = restartInterval;
                    intervalRow = y;
                }

                for (var c = 0; c < count; c++)
                {
                    var plane = planes[components[c]];
                    var at = (y * width) + x;
                    int prediction;
                    if (y == intervalRow)
                    {
                        // The first line of a scan or restart interval: Ra, and the initial value to start it.
                        prediction = x == 0 ? initial : plane[at - 1];
                    }
                    else if (x == 0)
                    {
                        prediction = plane[at - width];
                    }
                    else
                    {
                        var a = plane[at - 1];
                        var b = plane[at - width];
                        var d = plane[at - width - 1];
                        prediction = predictor switch
                        {
                            1 => a,
                            2 => b,
                            3 => d,
                            4 => a + b - d,
                            5 => a + ((b - d) >> 1),
                            6 => b + ((a - d) >> 1),
                            _ => (a + b) >> 1,
                        };
                    }

                    // Sums are modulo 2^16 (T.81 §H.1.2.1).
                    plane[at] = (prediction + Difference(ref reader, huffman[c])) & 0xFFFF;
                }

                left--;
            }
        }

        for (var i = 0; i < count; i++)
        {
            frame.PointTransforms[components[i]] = pointTransform;
        }

        return ScanEnd(data, reader.Position);
    }

    /// <summary>Where the scan ends: at the next marker (EOI, or another scan's tables), stuffed bytes and RSTm skipped.</summary>
    private static int ScanEnd(ReadOnlySpan<byte> data, int end)
    {
        while (end + 1 < data.Length && !(data[end] == 0xFF && data[end + 1] is not (0x00 or (>= 0xD0 and <= 0xD7))))
        {
            end++;
        }

        return end;
    }

    /// <summary>
    /// One component without restart intervals (T.81 §H.1.2.1): the first line predicted from the left (its first
    /// sample from 2^(P − Pt − 1)), each later line's first sample from above, the rest by <typeparamref name="TPredictor"/>.
    /// </summary>
    private static void Rows<TPredictor>(ref JpegBitReader reader, Span<int> plane, int width, int height, int initial, JpegHuffmanTable table)
        where TPredictor : struct, IPredictor
    {
        var previous = initial;
        var first = plane[..width];
        for (var x = 0; x < width; x++)
        {
            previous = (previous + Difference(ref reader, table)) & 0xFFFF;
            first[x] = previous;
        }

        for (var y = 1; y < height; y++)
        {
            var above = plane.Slice((y - 1) * width, width);
            var row = plane.Slice(y * width, width);
            var a = (above[0] + Difference(ref reader, table)) & 0xFFFF;
            row[0] = a;
            for (var x = 1; x < row.Length; x++)
            {
                a = (TPredictor.Predict(a, above[x], above[x - 1]) + Difference(ref reader, table)) & 0xFFFF;
                row[x] = a;
            }
        }
    }

    /// <summary>The next difference (T.81 §H.1.2.2).</summary>
    private static int Difference(ref JpegBitReader reader, JpegHuffmanTable table) => table.DecodeDifference(ref reader);

    /// <summary>T.81 Table H.1: the prediction from Ra (left), Rb (above) and Rc (above left).</summary>
    private interface IPredictor
    {
        static abstract int Predict(int a, int b, int c);
    }

    private readonly struct PredictLeft : IPredictor
    {
        public static int Predict(int a, int b, int c) => a;
    }

    private readonly struct PredictAbove : IPredictor
    {
        public static int Predict(int a, int b, int c) => b;
    }

    private readonly struct PredictAboveLeft : IPredictor
    {
        public static int Predict(int a, int b, int c) => c;
    }

    private readonly struct PredictPlane : IPredictor
    {
        public static int Predict(int a, int b, int c) => a + b - c;
    }

    private readonly struct PredictLeftHalfGradient : IPredictor
    {
        public static int Predict(int a, int b, int c) => a + ((b - c) >> 1);
    }

    private readonly struct PredictAboveHalfGradient : IPredictor
    {
        public static int Predict(int a, int b, int c) => b + ((a - c) >> 1);
    }

    private readonly struct PredictAverage : IPredictor
    {
        public static int Predict(int a, int b, int c) => (a + b) >> 1;
    }

    private static void Emit(FrameHeader frame, int[][] planes, FrameLayout layout, Span<byte> output)
    {
        var samples = new NativeSamples(layout);
        var components = planes.Length;
        var pixels = frame.Width * frame.Height;
        for (var c = 0; c < components; c++)
        {
            var plane = planes[c];
            var shift = frame.PointTransforms[c];
            for (var i = 0; i < pixels; i++)
            {
                samples.Write(output, (i * components) + c, plane[i] << shift);
            }
        }
    }

    /// <summary>The SOF3 segment (T.81 §B.2.2), checked against the Image Pixel module.</summary>
    private sealed record FrameHeader(int Precision, int Height, int Width, byte[] Components, int[] PointTransforms)
    {
        public static FrameHeader Read(ReadOnlySpan<byte> segment, FrameLayout layout)
        {
            var precision = segment[0];
            var height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
            var width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
            var count = segment[5];
            if (precision is < 2 or > 16)
            {
                throw new InvalidDataException($"sample precision {precision} is outside 2…16");
            }

            if (height != layout.Rows || width != layout.Columns || count != layout.SamplesPerPixel)
            {
                throw new InvalidDataException(
                    $"the frame header says {width} × {height} with {count} component(s); the data set says {layout.Columns} × {layout.Rows} with {layout.SamplesPerPixel}");
            }

            if (precision > layout.BitsAllocated)
            {
                throw new InvalidDataException($"sample precision {precision} exceeds Bits Allocated {layout.BitsAllocated}");
            }

            var ids = new byte[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = segment[6 + (3 * i)];
                if (segment[7 + (3 * i)] != 0x11)
                {
                    throw new InvalidDataException("subsampled components are not decoded in a lossless frame");
                }
            }

            return new FrameHeader(precision, height, width, ids, new int[count]);
        }
    }
}
