using DicomNode.Dicom;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Frames;

namespace DicomNode.Imaging.Selection;

/// <summary>Builds <see cref="SeriesSummary"/> values from instance headers; pixel data is never parsed.</summary>
public static class SeriesSummaryReader
{
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
        // Streaming: only the elements before Pixel Data are read, so a large or Deflated file costs its header, not its size.
        return await Task.Run(
            () =>
            {
                try
                {
                    return Part10HeaderReader.ReadFile(path).Dataset;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomFormatException)
                {
                    return null;
                }
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static IReadOnlyList<SeriesSummary> Summarize(IEnumerable<(string Path, DicomDataset Dataset)> headers)
    {
        var summaries = new List<SeriesSummary>();
        var groups = headers
            .Where(h => !string.IsNullOrEmpty(h.Dataset.GetUid(DicomTags.SeriesInstanceUID)))
            .GroupBy(h => h.Dataset.GetUid(DicomTags.SeriesInstanceUID)!, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var images = new List<(string Path, DicomDataset Dataset, FrameReading Frames)>();
            var skipped = new List<string>();
            foreach (var (path, dataset) in group)
            {
                var reading = FrameReader.Read(dataset);
                if (reading.SkipReason is { } reason)
                {
                    skipped.Add($"{(path.Length > 0 ? Path.GetFileName(path) : dataset.GetUid(DicomTags.SOPInstanceUID))}: {reason}");
                }
                else
                {
                    images.Add((path, dataset, reading));
                }
            }

            // ImageType and description are taken from the first image; the union of ImageType values would let one
            // odd instance (a localizer slipped into the series) change what the whole series looks like. A series of
            // objects that are no images keeps its first object's header, so that messages can name it.
            var first = images.Count > 0 ? images[0].Dataset : group.First().Dataset;
            var frames = images.SelectMany(i => i.Frames.Frames).ToList();
            var perB = new SortedDictionary<double, int>();
            var diffusion = new SortedDictionary<double, DiffusionImages>();
            foreach (var byB in frames.Where(f => f.Diffusion.BValue is not null).GroupBy(f => f.Diffusion.BValue!.Value))
            {
                perB[byB.Key] = byB.Count();
                diffusion[byB.Key] = DiffusionImages.Of(byB);
            }

            summaries.Add(new SeriesSummary(
                group.Key,
                first.TryGetInt32(DicomTags.SeriesNumber, out var number) ? number : null,
                first.GetString(DicomTags.SeriesDescription) ?? string.Empty,
                first.GetString(DicomTags.Modality) ?? string.Empty,
                first.GetStrings(DicomTags.ImageType),
                perB,
                frames.Count)
            {
                Files = images.Select(h => h.Path).Where(p => p.Length > 0).Order(StringComparer.Ordinal).ToArray(),
                FrameOfReferenceUid = first.GetUid(DicomTags.FrameOfReferenceUID),
                Diffusion = diffusion,
                Skipped = skipped,
                IsMultiFrame = images.Any(i => i.Frames.Frames.Any(f => f.FrameNumber is not null)),
                IsMosaic = frames.Any(f => f.MosaicTile is not null),
            });
        }

        return summaries.OrderBy(s => s.SeriesNumber ?? int.MaxValue).ThenBy(s => s.SeriesInstanceUid, StringComparer.Ordinal).ToList();
    }
}
