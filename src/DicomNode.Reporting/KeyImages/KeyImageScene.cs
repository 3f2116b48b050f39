using DicomNode.Imaging;

namespace DicomNode.Reporting.KeyImages;

/// <summary>What one key image shows: slice <paramref name="Slice"/> of <paramref name="Volume"/> with outlines, a title and the notice.</summary>
/// <param name="Title">The finding the image is for, e.g. "Metastasis 1 · right ilium · 2.3 cm³".</param>
/// <param name="Subtitle">Where it comes from, e.g. "T1 in-phase · series 5 · slice 23 of 60".</param>
internal sealed record KeyImageScene(ImageVolume Volume, int Slice, string Title, string Subtitle, IReadOnlyList<KeyImageOutline> Outlines, string? Notice);
