using System.Buffers.Binary;
using System.IO.Compression;

namespace DicomNode.Dicom.IO;

/// <summary>
/// Reads DICOM Part 10 files (PS3.10 §7.1): the 128-byte preamble, the "DICM" prefix, the File Meta
/// Information in Explicit VR Little Endian, then the data set in the transfer syntax the meta names.
/// Every malformed input ends in <see cref="DicomFormatException"/> with the byte offset and the tag.
/// </summary>
public static class Part10Reader
{
    private const int PreambleLength = 128;
    private const int PrefixLength = 4;
    private const int MetaStart = PreambleLength + PrefixLength;
    private static readonly DicomTag TransferSyntaxUidTag = new(0x0002, 0x0010);

    public static DicomFile ReadFile(string path, DicomReadOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        return Read(stream, options);
    }

    /// <summary>Reads a file from the current position of any stream to its end.</summary>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null) => Read(ReadToEnd(stream), options);

    /// <summary>Reads a file held in memory; element values are slices of <paramref name="buffer"/>, not copies.</summary>
    public static DicomFile Read(ReadOnlyMemory<byte> buffer, DicomReadOptions? options = null)
    {
        options ??= DicomReadOptions.Default;
        var span = buffer.Span;
        if (span.Length >= MetaStart && span.Slice(PreambleLength, PrefixLength).SequenceEqual("DICM"u8))
        {
            return ReadWithMeta(buffer, MetaStart, options);
        }

        // Some writers omit the preamble but keep the prefix and the meta information.
        if (span.Length >= PrefixLength && span[..PrefixLength].SequenceEqual("DICM"u8))
        {
            return ReadWithMeta(buffer, PrefixLength, options);
        }

        if (!options.AllowRawDataset)
        {
            throw new DicomFormatException(
                "Not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte preamble (read it as a raw data set if that is what it is)",
                Math.Min(span.Length, PreambleLength));
        }

        if (span.Length >= 2 && BinaryPrimitives.ReadUInt16LittleEndian(span) == 0x0002)
        {
            // A meta information group without a preamble.
            return ReadWithMeta(buffer, 0, options);
        }

        var syntax = options.RawTransferSyntax ?? InferTransferSyntax(span, 0);
        var dataset = ParseBody(buffer, 0, syntax, options);
        return new DicomFile(new DicomDataset(), dataset, syntax) { HasMetaInformation = false };
    }

    /// <summary>Reads only the File Meta Information; cheap for routing by SOP class or transfer syntax.</summary>
    public static DicomDataset ReadMetaInformation(ReadOnlyMemory<byte> buffer)
    {
        var span = buffer.Span;
        if (span.Length < MetaStart || !span.Slice(PreambleLength, PrefixLength).SequenceEqual("DICM"u8))
        {
            throw new DicomFormatException("Not a DICOM Part 10 file: no 'DICM' prefix after the 128-byte preamble", Math.Min(span.Length, PreambleLength));
        }

        var parser = new DatasetParser(buffer, 0, DicomTransferSyntax.ExplicitVRLittleEndian, DicomReadOptions.Default);
        return parser.ReadMetaGroup(MetaStart, out _);
    }

    private static DicomFile ReadWithMeta(ReadOnlyMemory<byte> buffer, int start, DicomReadOptions options)
    {
        var parser = new DatasetParser(buffer, 0, DicomTransferSyntax.ExplicitVRLittleEndian, options);
        var meta = parser.ReadMetaGroup(start, out var end);

        DicomTransferSyntax syntax;
        var uid = meta.GetUid(TransferSyntaxUidTag);
        if (string.IsNullOrEmpty(uid))
        {
            // PS3.10 makes (0002,0010) Type 1, but files without it exist; infer from the data set's first bytes.
            syntax = InferTransferSyntax(buffer.Span, end);
        }
        else
        {
            syntax = DicomTransferSyntax.Parse(uid);
        }

        var dataset = ParseBody(buffer, end, syntax, options);
        return new DicomFile(meta, dataset, syntax);
    }

    private static DicomDataset ParseBody(ReadOnlyMemory<byte> buffer, int start, DicomTransferSyntax syntax, DicomReadOptions options)
    {
        if (syntax.IsDeflated)
        {
            var inflated = Inflate(buffer[start..], start, options.MaxInflatedLength);
            return new DatasetParser(inflated, 0, syntax, options).ReadTopLevel(0);
        }

        return new DatasetParser(buffer, 0, syntax, options).ReadTopLevel(start);
    }

    /// <summary>
    /// Infers the encoding of a data set from its first element: a VR code in bytes 4–5 means explicit VR;
    /// a group number whose low byte is zero and high byte is not means Big Endian.
    /// </summary>
    internal static DicomTransferSyntax InferTransferSyntax(ReadOnlySpan<byte> span, int offset)
    {
        if (span.Length - offset < 8)
        {
            return DicomTransferSyntax.ImplicitVRLittleEndian;
        }

        var head = span[offset..];
        var isExplicit = DicomVRInfo.TryParse(head.Slice(4, 2), out _);
        var bigEndian = head[0] == 0 && head[1] != 0;
        if (bigEndian)
        {
            return DicomTransferSyntax.ExplicitVRBigEndian;
        }

        return isExplicit ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    private static ReadOnlyMemory<byte> Inflate(ReadOnlyMemory<byte> deflated, long offset, long limit)
    {
        // PS3.5 §A.5: the data set after the meta information is a raw deflate stream (RFC 1951, no zlib header).
        try
        {
            using var input = new MemoryStream(deflated.ToArray(), writable: false);
            using var inflater = new DeflateStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = inflater.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + n > limit)
                {
                    throw new DicomFormatException($"Deflated data set inflates beyond the limit of {limit} bytes", offset) { ExceedsLimit = true };
                }

                output.Write(chunk, 0, n);
            }

            return output.GetBuffer().AsMemory(0, (int)output.Length);
        }
        catch (InvalidDataException ex)
        {
            throw new DicomFormatException("Deflated data set is not a valid deflate stream", offset, inner: ex);
        }
    }

    private static ReadOnlyMemory<byte> ReadToEnd(Stream stream)
    {
        if (stream.CanSeek)
        {
            var remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
            {
                throw new DicomFormatException($"The file is {remaining} bytes; files over {Array.MaxLength} bytes are not supported", 0);
            }

            var buffer = new byte[remaining];
            stream.ReadExactly(buffer);
            return buffer;
        }

        // A stream of unknown length grows the buffer only as bytes actually arrive.
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }
}
