using DicomNode.Imaging.Frames;

namespace DicomNode.Imaging.Selection;

/// <summary>
/// The images of one b-value in a series: trace-weighted ones (isotropic, or with nothing saying otherwise) and raw
/// directional ones, with the number of distinct gradient directions among the latter.
/// </summary>
public sealed record DiffusionImages(int Trace, int Directional, int Directions)
{
    /// <summary>True when the b-value offers a trace-weighted image set, the one the method reads.</summary>
    public bool HasTrace => Trace > 0;

    /// <summary>
    /// Counts the frames of one b-value. Frames that say nothing of their direction but share a slice position with
    /// another are raw directional data all the same (one image per direction and location), as GE DTI writes them.
    /// </summary>
    public static DiffusionImages Of(IEnumerable<ImageFrame> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var all = frames.ToList();
        var directional = all.Where(f => f.Diffusion.Directionality == DiffusionDirectionality.Directional).ToList();
        var directions = directional
            .Select(f => f.Diffusion.Gradient is { Count: 3 } g ? FormattableString.Invariant($"{g[0]:0.###} {g[1]:0.###} {g[2]:0.###}") : "?")
            .Distinct(StringComparer.Ordinal)
            .Count();
        var other = all.Where(f => f.Diffusion.Directionality != DiffusionDirectionality.Directional).ToList();
        var perLocation = other
            .GroupBy(f => FormattableString.Invariant($"{f.Position[0]:0.0} {f.Position[1]:0.0} {f.Position[2]:0.0} {f.Orientation[0]:0.00} {f.Orientation[4]:0.00}"))
            .Select(g => g.Count())
            .DefaultIfEmpty(0)
            .Max();
        if (perLocation > 1 && other.Any(f => f.Diffusion.Directionality == DiffusionDirectionality.Unknown))
        {
            return new DiffusionImages(0, all.Count, Math.Max(directions, perLocation));
        }

        return new DiffusionImages(other.Count, directional.Count, directions);
    }
}
