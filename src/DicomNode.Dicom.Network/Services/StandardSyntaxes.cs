using DicomNode.Dicom.Dictionary;

namespace DicomNode.Dicom.Network.Services;

/// <summary>The SOP classes and transfer syntaxes a storage SCP accepts by default.</summary>
public static class StandardSyntaxes
{
    public const string Verification = "1.2.840.10008.1.1";

    /// <summary>
    /// Transfer syntaxes in our order of preference: the uncompressed ones first, then every encapsulated
    /// syntax of PS3.6 — we store compressed data sets as they come, never decoding them.
    /// </summary>
    public static IReadOnlyList<string> StorageTransferSyntaxes { get; } = BuildStorageTransferSyntaxes();

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

    private static List<string> BuildStorageTransferSyntaxes()
    {
        var first = new[]
        {
            DicomTransferSyntax.ExplicitVRLittleEndian.Uid,
            DicomTransferSyntax.ImplicitVRLittleEndian.Uid,
            DicomTransferSyntax.DeflatedExplicitVRLittleEndian.Uid,
            DicomTransferSyntax.ExplicitVRBigEndian.Uid,
        };
        // Not for the network: Papyrus 3 (a file format), XML and MIME encodings (PS3.18, PS3.19).
        var notNetwork = new[] { "1.2.840.10008.1.20", "1.2.840.10008.1.2.6.1", "1.2.840.10008.1.2.6.2" };
        var encapsulated = DicomUids.Entries
            .Where(e => e.Type == DicomUidType.TransferSyntax && !first.Contains(e.Uid, StringComparer.Ordinal) && !notNetwork.Contains(e.Uid, StringComparer.Ordinal))
            .Select(e => e.Uid);
        return first.Concat(encapsulated).Distinct().ToList();
    }
}
