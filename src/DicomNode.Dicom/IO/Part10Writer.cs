using System.IO.Compression;
using System.Text;

namespace DicomNode.Dicom.IO;

/// <summary>
/// Writes DICOM Part 10 files: preamble, "DICM", File Meta Information with a correct group length
/// (0002,0000), and the data set in Explicit VR Little Endian (the default), Implicit VR Little Endian,
/// Deflated Explicit VR Little Endian, or the file's own encapsulated syntax. Compressed pixel data is
/// never transcoded.
/// </summary>
public static class Part10Writer
{
    private const int PreambleLength = 128;

    public static void WriteFile(string path, DicomFile file, DicomTransferSyntax? transferSyntax = null)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        Write(stream, file, transferSyntax);
    }

    /// <summary>Writes <paramref name="file"/> in <paramref name="transferSyntax"/>, by default Explicit VR Little Endian.</summary>
    public static void Write(Stream stream, DicomFile file, DicomTransferSyntax? transferSyntax = null)
    {
        var syntax = ChooseSyntax(file, transferSyntax);
        var meta = BuildMeta(file, syntax);
        var dataset = WithoutMetaElements(file.Dataset);

        var writer = new EncodedWriter(stream);
        writer.WriteZeros(PreambleLength);
        writer.WriteBytes("DICM"u8);
        var metaBytes = EncodeMeta(meta);
        writer.WriteBytes(metaBytes);

        if (syntax.IsDeflated)
        {
            writer.Flush();
            // PS3.5 §A.5: raw deflate (no zlib header) of the Explicit VR Little Endian encoding.
            using (var deflater = new DeflateStream(stream, CompressionLevel.Optimal, leaveOpen: true))
            {
                var inner = new EncodedWriter(deflater);
                new DatasetEncoder(inner, explicitVR: true).WriteDataset(dataset);
                inner.Flush();
            }

            return;
        }

        new DatasetEncoder(writer, syntax.IsExplicitVR).WriteDataset(dataset);
        writer.Flush();
    }

    /// <summary>
    /// Writes the preamble, "DICM" and File Meta Information for a data set whose encoded bytes follow
    /// as received (e.g. from a C-STORE), so that a stored instance keeps its bytes exactly.
    /// </summary>
    public static void WritePreambleAndMeta(Stream stream, string sopClassUid, string sopInstanceUid, DicomTransferSyntax transferSyntax, string? sourceAeTitle = null)
    {
        var meta = new DicomDataset()
            .SetUid(MetaTags.MediaStorageSopClassUid, sopClassUid)
            .SetUid(MetaTags.MediaStorageSopInstanceUid, sopInstanceUid);
        if (!string.IsNullOrWhiteSpace(sourceAeTitle))
        {
            meta.SetString(new DicomTag(0x0002, 0x0016), DicomVR.AE, sourceAeTitle.Trim());
        }

        var writer = new EncodedWriter(stream);
        writer.WriteZeros(PreambleLength);
        writer.WriteBytes("DICM"u8);
        writer.WriteBytes(EncodeMeta(BuildMeta(new DicomFile(meta, new DicomDataset(), transferSyntax), transferSyntax)));
        writer.Flush();
    }

    /// <summary>Writes a bare data set (no preamble or meta), as carried in a P-DATA-TF or a raw file.</summary>
    public static void WriteDataset(Stream stream, DicomDataset dataset, DicomTransferSyntax transferSyntax)
    {
        if (transferSyntax.IsBigEndian || transferSyntax.IsDeflated)
        {
            throw new NotSupportedException($"Writing a bare data set in {transferSyntax} is not supported.");
        }

        var writer = new EncodedWriter(stream);
        new DatasetEncoder(writer, transferSyntax.IsExplicitVR).WriteDataset(dataset);
        writer.Flush();
    }

    /// <summary>
    /// The data set without group 0002 elements, which belong only in the File Meta Information (PS3.10 §7.1).
    /// A reader takes group 0002 elements right after the meta as more meta, so writing them would let a
    /// stray (0002,0010) in the data set override the transfer syntax of the file.
    /// </summary>
    private static DicomDataset WithoutMetaElements(DicomDataset dataset)
    {
        if (dataset.Count == 0 || dataset.Elements[0].Tag.Group > 0x0002)
        {
            return dataset;
        }

        var copy = dataset.Clone();
        copy.RemoveAll(e => e.Tag.Group == 0x0002);
        return copy;
    }

    private static DicomTransferSyntax ChooseSyntax(DicomFile file, DicomTransferSyntax? requested)
    {
        var syntax = requested ?? (file.TransferSyntax.IsEncapsulated ? file.TransferSyntax : DicomTransferSyntax.ExplicitVRLittleEndian);
        var hasFragments = file.Dataset.Elements.Any(e => e is DicomFragmentSequence);
        if (hasFragments && syntax.Uid != file.TransferSyntax.Uid)
        {
            throw new InvalidOperationException(
                $"The pixel data is compressed in {file.TransferSyntax}; writing it as {syntax} would need decoding, which is never done silently.");
        }

        if (syntax.IsBigEndian)
        {
            throw new NotSupportedException("Explicit VR Big Endian is retired (PS3.5 §A.3); write Explicit or Implicit VR Little Endian.");
        }

        if (syntax.IsEncapsulated && !hasFragments && syntax.Uid != file.TransferSyntax.Uid)
        {
            throw new InvalidOperationException($"Writing {syntax} would need compressing the pixel data, which is not supported.");
        }

        return syntax;
    }

    private static DicomDataset BuildMeta(DicomFile file, DicomTransferSyntax syntax)
    {
        var meta = file.FileMetaInformation.Clone();
        meta.Remove(new DicomTag(0x0002, 0x0000));
        if (!meta.Contains(MetaTags.FileMetaInformationVersion))
        {
            meta.Add(new DicomValueElement(MetaTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 }));
        }

        CopyIfAbsent(meta, MetaTags.MediaStorageSopClassUid, file.Dataset, new DicomTag(0x0008, 0x0016));
        CopyIfAbsent(meta, MetaTags.MediaStorageSopInstanceUid, file.Dataset, new DicomTag(0x0008, 0x0018));
        meta.AddOrUpdate(Text(MetaTags.TransferSyntaxUid, DicomVR.UI, syntax.Uid));
        meta.AddOrUpdate(Text(MetaTags.ImplementationClassUid, DicomVR.UI, DicomImplementation.ClassUid));
        meta.AddOrUpdate(Text(MetaTags.ImplementationVersionName, DicomVR.SH, DicomImplementation.VersionName));
        return meta;
    }

    private static void CopyIfAbsent(DicomDataset meta, DicomTag metaTag, DicomDataset dataset, DicomTag datasetTag)
    {
        if (!meta.Contains(metaTag) && dataset.GetUid(datasetTag) is { Length: > 0 } uid)
        {
            meta.Add(Text(metaTag, DicomVR.UI, uid));
        }
    }

    private static byte[] EncodeMeta(DicomDataset meta)
    {
        // PS3.10 §7.1: the group length counts every byte after its own element up to the end of group 0002.
        using var body = new MemoryStream();
        var bodyWriter = new EncodedWriter(body);
        new DatasetEncoder(bodyWriter, explicitVR: true).WriteDataset(meta);
        bodyWriter.Flush();

        using var all = new MemoryStream();
        var writer = new EncodedWriter(all);
        writer.WriteTag(new DicomTag(0x0002, 0x0000));
        writer.WriteBytes("UL"u8);
        writer.WriteUInt16(4);
        writer.WriteUInt32(checked((uint)body.Length));
        writer.WriteBytes(body.GetBuffer().AsSpan(0, (int)body.Length));
        writer.Flush();
        return all.ToArray();
    }

    private static DicomValueElement Text(DicomTag tag, DicomVR vr, string value) => new(tag, vr, Encoding.ASCII.GetBytes(value));

    private static class MetaTags
    {
        public static readonly DicomTag FileMetaInformationVersion = new(0x0002, 0x0001);
        public static readonly DicomTag MediaStorageSopClassUid = new(0x0002, 0x0002);
        public static readonly DicomTag MediaStorageSopInstanceUid = new(0x0002, 0x0003);
        public static readonly DicomTag TransferSyntaxUid = new(0x0002, 0x0010);
        public static readonly DicomTag ImplementationClassUid = new(0x0002, 0x0012);
        public static readonly DicomTag ImplementationVersionName = new(0x0002, 0x0013);
    }
}
