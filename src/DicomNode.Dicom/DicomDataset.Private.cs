namespace DicomNode.Dicom;

/// <summary>
/// Private data elements (PS3.5 §7.8.1): a creator string in (gggg,00xx) reserves the block (gggg,xx00)–(gggg,xxFF).
/// </summary>
public sealed partial class DicomDataset
{
    /// <summary>The tag of element <paramref name="offset"/> in the block reserved by <paramref name="creator"/>; null when the creator holds no block.</summary>
    public DicomTag? FindPrivateTag(ushort group, string creator, byte offset)
    {
        var block = FindPrivateBlock(group, creator);
        return block is { } b ? new DicomTag(group, (ushort)((b << 8) | offset)) : null;
    }

    /// <summary>As <see cref="FindPrivateTag"/>, reserving the first free block for the creator when it holds none.</summary>
    public DicomTag ReservePrivateTag(ushort group, string creator, byte offset)
    {
        if ((group & 1) == 0 || group <= 0x0007 || group == 0xFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(group), $"Group {group:X4} is not a private group (odd, above 0007).");
        }

        if (string.IsNullOrWhiteSpace(creator) || creator.Length > 64 || creator.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("A private creator is 1 to 64 characters of LO without backslash.", nameof(creator));
        }

        if (FindPrivateBlock(group, creator) is not { } block)
        {
            block = 0x10;
            while (block <= 0xFF && Contains(new DicomTag(group, block)))
            {
                block++;
            }

            if (block > 0xFF)
            {
                throw new InvalidOperationException($"Group {group:X4} has no free private block left.");
            }

            SetString(new DicomTag(group, block), DicomVR.LO, creator);
        }

        return new DicomTag(group, (ushort)((block << 8) | offset));
    }

    /// <summary>The creator that reserved the block of a private data element; null when none did.</summary>
    public string? GetPrivateCreator(DicomTag tag) => tag.PrivateCreatorTag is { } creator ? GetString(creator) : null;

    private ushort? FindPrivateBlock(ushort group, string creator)
    {
        for (ushort block = 0x10; block <= 0xFF; block++)
        {
            if (GetString(new DicomTag(group, block)) is { } name && name == creator.Trim())
            {
                return block;
            }
        }

        return null;
    }
}
