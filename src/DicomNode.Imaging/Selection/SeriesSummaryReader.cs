using DicomNode.Dicom;
using DicomNode.Dicom.IO;

namespace DicomNode.Imaging.Selection;

/// <summary>Builds <see cref="SeriesSummary"/> values from instance headers; pixel data is never parsed.</summary>
public static class SeriesSummaryReader
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };

    /// <summary>Every DICOM file under <paramref name="folder"/> (recursively), grouped by series; files that are not DICOM are skipped.</summary>
    public static async Task<IReadOnlyList<SeriesSummary>> ReadFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        return await ReadFilesAsync(files, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The given files grouped by series; files that are not DICOM or have no Series Instance UID are skipped.</summary>
    public static async Task<IReadOnlyList<SeriesSummary>> ReadFilesAsync(IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        var headers = new List<(string Path, DicomDataset Dataset)>();
        foreach (var path in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await TryReadHeaderAsync(path, cancellationToken).ConfigureAwait(false) is { } dataset)
            {
                headers.Add((path, dataset));
            }
        }

        return Summarize(headers);
    }

    /// <summary>Summaries of datasets already in memory, grouped by Series Instance UID.</summary>
    public static IReadOnlyList<SeriesSummary> FromDatasets(IEnumerable<DicomDataset> datasets) =>
        Summarize(datasets.Select(d => (string.Empty, d)));

    private static async Task<DicomDataset?> TryReadHeaderAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            return null;
        }

        try
        {
            return Part10Reader.Read(bytes, HeaderOnly).Dataset;
        }
        catch (DicomFormatException)
        {
            return null;
        }
    }

    private static IReadOnlyList<SeriesSummary> Summarize(IEnumerable<(string Path, DicomDataset Dataset)> headers)
    {
        var summaries = new List<SeriesSummary>();
        var groups = headers
            .Where(h => !string.IsNullOrEmpty(h.Dataset.GetUid(DicomTags.SeriesInstanceUID)))
            .GroupBy(h => h.Dataset.GetUid(DicomTags.SeriesInstanceUID)!, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var first = group.First().Dataset;
            var perB = new SortedDictionary<double, int>();
            foreach (var (_, dataset) in group)
            {
                if (BValueReader.Read(dataset) is { } b)
                {
                    perB[b] = perB.GetValueOrDefault(b) + 1;
                }
            }

            // ImageType and description are taken from the first instance; the union of ImageType values would let one
            // odd instance (a localizer slipped into the series) change what the whole series looks like.
            summaries.Add(new SeriesSummary(
                group.Key,
                first.TryGetInt32(DicomTags.SeriesNumber, out var number) ? number : null,
                first.GetString(DicomTags.SeriesDescription) ?? string.Empty,
                first.GetString(DicomTags.Modality) ?? string.Empty,
                first.GetStrings(DicomTags.ImageType),
                perB,
                group.Count())
            {
                Files = group.Select(h => h.Path).Where(p => p.Length > 0).Order(StringComparer.Ordinal).ToArray(),
                FrameOfReferenceUid = first.GetUid(DicomTags.FrameOfReferenceUID),
            });
        }

        return summaries.OrderBy(s => s.SeriesNumber ?? int.MaxValue).ThenBy(s => s.SeriesInstanceUid, StringComparer.Ordinal).ToList();
    }
}
