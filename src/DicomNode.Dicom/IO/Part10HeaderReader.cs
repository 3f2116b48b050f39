using System.Buffers.Binary;

namespace DicomNode.Dicom.IO;

/// <summary>
/// Reads the File Meta Information and the top-level elements before a stop tag (Pixel Data by default) of a
/// Part 10 file from a stream, forward only: values after the stop tag are never held, values of a Deflated
/// data set are inflated as they are read and never beyond <see cref="Part10HeaderOptions.MaxInflatedLength"/>.
/// Memory is the look-ahead buffer plus what is kept, at most <see cref="Part10HeaderOptions.MaxHeaderLength"/>,
/// whatever the file's size. Malformed input ends in <see cref="DicomFormatException"/>.
/// </summary>
public static class Part10HeaderReader
{
    private const int PreambleLength = 128;
    private const int PrefixLength = 4;

    /// <summary>PS3.10 §7.1: meta information is small; more than this is not a header but an attack.</summary>
    private const long MaxMetaLength = 1L << 20;

    private static readonly DicomTag TransferSyntaxUidTag = new(0x0002, 0x0010);
    private static readonly DicomTag PixelDataTag = new(0x7FE0, 0x0010);

    public static DicomFile ReadFile(string path, Part10HeaderOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Read(stream, options);
    }

    /// <summary>
    /// Reads the header of the file at <paramref name="path"/> as <see cref="ReadFile(string, Part10HeaderOptions?)"/> does (stopping at
    /// Pixel Data whatever <see cref="Part10HeaderOptions.StopAt"/> says) and gives where the value of its Pixel Data lies, so that frames
    /// can be read from the file one by one; <paramref name="pixelData"/> is null when the file has no native Pixel Data that can be
    /// read in place (none at all, encapsulated, undefined length, a Deflated or Big Endian data set).
    /// </summary>
    public static DicomFile ReadFile(string path, out PixelDataLocation? pixelData, Part10HeaderOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        options = (options ?? Part10HeaderOptions.Default) with { StopAt = PixelDataTag, ScanToEnd = false };
        var file = Read(stream, options, out var location);
        pixelData = location is { } at ? new PixelDataLocation(Path.GetFullPath(path), at.Offset, at.Length) : null;
        return file;
    }

    /// <summary>Reads from the current position of <paramref name="stream"/>; it is left somewhere after the kept part.</summary>
    public static DicomFile Read(Stream stream, Part10HeaderOptions? options = null) => Read(stream, options, out _);

    private static DicomFile Read(Stream stream, Part10HeaderOptions? options, out (long Offset, long Length)? pixelData)
    {
        ArgumentNullException.ThrowIfNull(stream);
        pixelData = null;
        options ??= Part10HeaderOptions.Default;
        using var input = new ForwardStream(stream);
        SkipPreamble(input);

        var metaBytes = new MemoryStream();
        var metaWalker = new DatasetWalker(input, metaBytes, MaxMetaLength, options.MaxSequenceDepth, DicomTransferSyntax.ExplicitVRLittleEndian);
        while (input.Peek(2) is { Length: 2 } group && BinaryPrimitives.ReadUInt16LittleEndian(group) == 0x0002)
        {
            metaWalker.Element(keep: true, depth: 0);
        }

        var metaBuffer = metaBytes.GetBuffer().AsMemory(0, (int)metaBytes.Length);
        var meta = new DatasetParser(metaBuffer, 0, DicomTransferSyntax.ExplicitVRLittleEndian, DicomReadOptions.Default).ReadMetaGroup(0, out _);
        var uid = meta.GetUid(TransferSyntaxUidTag);

        // PS3.10 makes (0002,0010) Type 1, but files without it exist; infer from the data set's first bytes.
        var syntax = string.IsNullOrEmpty(uid) ? Part10Reader.InferTransferSyntax(input.Peek(8), 0) : DicomTransferSyntax.Parse(uid);
        var bodyStart = input.Consumed;
        var kept = new MemoryStream();
        if (syntax.IsDeflated)
        {
            // PS3.5 §A.5: the data set after the meta information is a raw deflate stream.
            using var inflated = new InflationLimitStream(input, options.MaxInflatedLength, bodyStart);
            using var inflatedInput = new ForwardStream(inflated);
            new DatasetWalker(inflatedInput, kept, options.MaxHeaderLength, options.MaxSequenceDepth, syntax).TopLevel(options.StopAt, options.ScanToEnd);
        }
        else
        {
            new DatasetWalker(input, kept, options.MaxHeaderLength, options.MaxSequenceDepth, syntax).TopLevel(options.StopAt, options.ScanToEnd);
            if (!options.ScanToEnd && !syntax.IsBigEndian && !syntax.IsEncapsulated)
            {
                pixelData = NativePixelData(input, syntax);
            }
        }

        var readOptions = new DicomReadOptions { MaxSequenceDepth = options.MaxSequenceDepth };
        var dataset = new DatasetParser(kept.GetBuffer().AsMemory(0, (int)kept.Length), bodyStart, syntax, readOptions).ReadTopLevel(0);
        return new DicomFile(meta, dataset, syntax);
    }

    /// <summary>
    /// The offset and length of the value of the Pixel Data element the input stands at, when it is native with a defined length
    /// (PS3.5 §7.1.2: explicit VR OB or OW with a 32-bit length after two reserved bytes; §7.1.3: implicit, a 32-bit length).
    /// </summary>
    private static (long Offset, long Length)? NativePixelData(ForwardStream input, DicomTransferSyntax syntax)
    {
        var head = input.Peek(12);
        if (head.Length < 8 || BinaryPrimitives.ReadUInt16LittleEndian(head) != PixelDataTag.Group || BinaryPrimitives.ReadUInt16LittleEndian(head[2..]) != PixelDataTag.Element)
        {
            return null;
        }

        uint length;
        int headerLength;
        if (syntax.IsExplicitVR && (head[4..6].SequenceEqual("OW"u8) || head[4..6].SequenceEqual("OB"u8)))
        {
            if (head.Length < 12)
            {
                return null;
            }

            (length, headerLength) = (BinaryPrimitives.ReadUInt32LittleEndian(head[8..]), 12);
        }
        else if (!syntax.IsExplicitVR)
        {
            (length, headerLength) = (BinaryPrimitives.ReadUInt32LittleEndian(head[4..]), 8);
        }
        else
        {
            return null;
        }

        return length == 0xFFFFFFFF ? null : (input.Consumed + headerLength, length);
    }

    private static void SkipPreamble(ForwardStream input)
    {
        var head = input.Peek(PreambleLength + PrefixLength);
        if (head.Length == PreambleLength + PrefixLength && head[PreambleLength..].SequenceEqual("DICM"u8))
        {
            input.Skip(PreambleLength + PrefixLength);
            return;
        }

        // Some writers omit the preamble but keep the prefix and the meta information.
        if (head.Length >= PrefixLength && head[..PrefixLength].SequenceEqual("DICM"u8))
        {
            input.Skip(PrefixLength);
            return;
        }

        throw new DicomFormatException("Not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte preamble", Math.Min(head.Length, PreambleLength));
    }
}
