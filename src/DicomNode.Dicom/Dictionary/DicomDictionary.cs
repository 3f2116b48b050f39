using System.Collections.Frozen;

namespace DicomNode.Dicom.Dictionary;

/// <summary>
/// The PS3.6 data dictionary: tag and keyword to VR, VM, name and retired state.
/// The entries are generated into DicomDictionary.Generated.cs by tools/generate-dictionary.py.
/// </summary>
public static partial class DicomDictionary
{
    /// <summary>
    /// Group lengths (gggg,0000) of groups other than 0000 and 0002 (PS3.5 §7.2: retired except in the command and file meta groups).
    /// Chosen by rule; the mask says only that the element number is 0000.
    /// </summary>
    public static DicomDictionaryEntry GroupLength { get; } =
        new(new DicomTag(0x0000, 0x0000), "GroupLength", "Group Length", [DicomVR.UL], "1", true, 0x0000FFFF);

    /// <summary>
    /// Private creator data elements (gggg,0010)–(gggg,00FF) of a private group (PS3.5 §7.8.1).
    /// Chosen by rule (<see cref="DicomTag.IsPrivateCreator"/>); the mask says only that the group is odd and the element below 0100.
    /// </summary>
    public static DicomDictionaryEntry PrivateCreator { get; } =
        new(new DicomTag(0x0001, 0x0000), "PrivateCreator", "Private Creator", [DicomVR.LO], "1", false, 0x0001FF00);

    private static readonly DicomDictionaryEntry[] AllEntries = CreateEntries();

    private static readonly FrozenDictionary<uint, DicomDictionaryEntry> ByTag =
        AllEntries.Where(e => e.Mask == 0xFFFFFFFF).ToFrozenDictionary(e => e.Tag.Value);

    private static readonly FrozenDictionary<string, DicomDictionaryEntry> ByKeyword =
        AllEntries.ToFrozenDictionary(e => e.Keyword, StringComparer.Ordinal);

    // Repeating elements such as (60xx,3000) or (0028,04x0), one table per distinct mask: a tag is masked and looked up again.
    private static readonly (uint Mask, FrozenDictionary<uint, DicomDictionaryEntry> Entries)[] ByMask =
        AllEntries
            .Where(e => e.Mask != 0xFFFFFFFF)
            .GroupBy(e => e.Mask)
            .Select(g => (g.Key, g.ToFrozenDictionary(e => e.Tag.Value)))
            .ToArray();

    /// <summary>The PS3.6 entries, in tag order; repeating elements appear once, with their mask.</summary>
    public static IReadOnlyList<DicomDictionaryEntry> Entries => AllEntries;

    /// <summary>
    /// The entry of <paramref name="tag"/>: its own PS3.6 entry, else the repeating element it belongs to,
    /// else <see cref="GroupLength"/> or <see cref="PrivateCreator"/> by rule; null for unknown and private data elements.
    /// </summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        var value = tag.Value;
        if (ByTag.TryGetValue(value, out var entry))
        {
            return entry;
        }

        foreach (var (mask, entries) in ByMask)
        {
            if (entries.TryGetValue(value & mask, out entry))
            {
                return entry;
            }
        }

        if (tag.IsGroupLength)
        {
            return GroupLength;
        }

        return tag.IsPrivateCreator ? PrivateCreator : null;
    }

    /// <summary>The entry with the PS3.6 keyword <paramref name="keyword"/> (case-sensitive), or null.</summary>
    public static DicomDictionaryEntry? Lookup(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return ByKeyword.GetValueOrDefault(keyword);
    }

    private static DicomDictionaryEntry E(uint tag, string keyword, string name, DicomVR[] vrs, string vm) =>
        new(new DicomTag(tag), keyword, name, vrs, vm, false);

    private static DicomDictionaryEntry R(uint tag, string keyword, string name, DicomVR[] vrs, string vm) =>
        new(new DicomTag(tag), keyword, name, vrs, vm, true);

    private static DicomDictionaryEntry M(uint tag, uint mask, string keyword, string name, DicomVR[] vrs, string vm, bool retired) =>
        new(new DicomTag(tag), keyword, name, vrs, vm, retired, mask);
}
