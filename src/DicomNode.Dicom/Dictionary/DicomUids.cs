using System.Collections.Frozen;

namespace DicomNode.Dicom.Dictionary;

/// <summary>
/// The PS3.6 Annex A UID registry. The constants and rows are generated into DicomUids.Generated.cs
/// by tools/generate-dictionary.py.
/// </summary>
public static partial class DicomUids
{
    private static readonly DicomUidEntry[] AllEntries = CreateEntries();

    private static readonly FrozenDictionary<string, DicomUidEntry> ByUid =
        AllEntries.ToFrozenDictionary(e => e.Uid, StringComparer.Ordinal);

    /// <summary>Every registered UID, in numeric order.</summary>
    public static IReadOnlyList<DicomUidEntry> Entries => AllEntries;

    /// <summary>
    /// The registry row of <paramref name="uid"/>, or null when it is not a registered UID.
    /// A trailing NUL (the UI padding byte, PS3.5 §6.2) or space is ignored.
    /// </summary>
    public static DicomUidEntry? Lookup(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (uid.Length > 0 && uid[^1] is '\0' or ' ')
        {
            uid = uid.TrimEnd('\0', ' ');
        }

        return ByUid.GetValueOrDefault(uid);
    }

    private static DicomUidEntry U(string uid, string name, string keyword, DicomUidType type) =>
        new(uid, name, keyword, type, false);

    private static DicomUidEntry R(string uid, string name, string keyword, DicomUidType type) =>
        new(uid, name, keyword, type, true);
}
