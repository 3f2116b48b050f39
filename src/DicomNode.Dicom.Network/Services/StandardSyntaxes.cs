using DicomNode.Dicom.Dictionary;
using DicomNode.Dicom.Imaging.Codecs;

namespace DicomNode.Dicom.Network.Services;

/// <summary>The SOP classes and transfer syntaxes a storage SCP accepts by default.</summary>
public static class StandardSyntaxes
{
    public const string Verification = "1.2.840.10008.1.1";

    /// <summary>
    /// Transfer syntaxes in our order of preference: the uncompressed ones first, then the encapsulated ones
    /// whose pixel data this node can decode on this platform (<see cref="FrameDecoderRegistry.Default"/>).
    /// Compressed data sets are stored as they come; a syntax we could not decode for analysis is not
    /// accepted, so the sender falls back to an uncompressed one (PS3.4 §B.4.1: the SCU converts).
    /// </summary>
    public static IReadOnlyList<string> StorageTransferSyntaxes { get; } = BuildStorageTransferSyntaxes(FrameDecoderRegistry.Default);

    /// <summary>
    /// Every non-retired storage SOP class of the PS3.6 registry: those of the Storage Service Class and
    /// the other instance-storing classes under 1.2.840.10008.5.1.4 (not Media Storage Directory Storage
    /// or Storage Commitment, which are other services).
    /// </summary>
    public static IReadOnlyList<string> StorageSopClasses { get; } = DicomUids.Entries
        .Where(e => e.Type == DicomUidType.SopClass && e.Name.Contains("Storage", StringComparison.Ordinal) && !e.IsRetired
            && e.Uid.StartsWith("1.2.840.10008.5.1.4.", StringComparison.Ordinal))
        .Select(e => e.Uid)
        .ToList();

    /// <summary>Verification and every storage SOP class, each with <see cref="StorageTransferSyntaxes"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> StorageScp(IEnumerable<string>? sopClasses = null)
    {
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [Verification] = new[] { DicomTransferSyntax.ExplicitVRLittleEndian.Uid, DicomTransferSyntax.ImplicitVRLittleEndian.Uid },
        };
        foreach (var sopClass in sopClasses ?? StorageSopClasses)
        {
            map[sopClass] = StorageTransferSyntaxes;
        }

        return map;
    }

    /// <summary>The uncompressed syntaxes, then each encapsulated one <paramref name="decoders"/> can decode.</summary>
    public static IReadOnlyList<string> BuildStorageTransferSyntaxes(FrameDecoderRegistry decoders)
    {
        ArgumentNullException.ThrowIfNull(decoders);
        var first = new[]
        {
            DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
            DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
            DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
            DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        };
        var encapsulated = decoders.DecodableTransferSyntaxes
            .Where(s => s.IsEncapsulated)
            .Select(s => s.Uid);
        return first.Concat(encapsulated).Distinct().ToList();
    }
}
