using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.Imaging;
using DicomNode.Dicom.IO;
using DicomNode.Imaging.Frames;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Series;

/// <summary>
/// Stacks the frames of one series into volumes (PS3.3 §C.7.6.2 Image Plane module): classic single-frame images,
/// Enhanced MR frames and Siemens mosaic tiles alike (<see cref="FrameReader"/>); objects that are no image to stack
/// are left out and listed in <see cref="GeometryReport.Skipped"/>. A diffusion series gives one volume per b-value,
/// and per gradient direction for raw directional data; slices are sorted by their position along the slice normal
/// (Image Orientation row cosine × column cosine), real values (rescale applied) as float.
/// Orientation, size and pixel spacing must agree across the slices (else <see cref="SeriesGeometryException"/>);
/// gaps and uneven slice spacing are reported in <see cref="ImageVolume.Report"/>, never filled in.
/// </summary>
public sealed class SeriesVolumeBuilder
{
    /// <summary>Largest difference allowed between the direction cosines of two slices (≈ 0.06°).</summary>
    public double OrientationTolerance { get; init; } = 1e-3;

    /// <summary>Slice spacing differences up to this many mm, or <see cref="SpacingRelativeTolerance"/>, are not reported.</summary>
    public double SpacingTolerance { get; init; } = 0.01;

    public double SpacingRelativeTolerance { get; init; } = 0.01;

    /// <summary>
    /// Reads the files and stacks them; they must all belong to one series. Headers are read up to Pixel Data, and native
    /// pixel data is read frame by frame from the files, only the frames <paramref name="include"/> picks, straight into the
    /// volume: memory holds the volume and a frame per thread, whatever the files' size. Encapsulated, Deflated and Big Endian
    /// files are read whole, one at a time, when one of their frames is needed.
    /// </summary>
    public IReadOnlyList<ImageVolume> Build(IEnumerable<string> paths, Func<ImageFrame, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = paths.ToArray().AsParallel().AsOrdered().Select(SourceFile.Open).ToList();
        return Build(sources, include);
    }

    /// <summary>Stacks the frames of <paramref name="files"/>; <paramref name="include"/>, when given, picks the frames wanted (e.g. one b-value).</summary>
    public IReadOnlyList<ImageVolume> Build(IEnumerable<DicomFile> files, Func<ImageFrame, bool>? include = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Build(files.Select(SourceFile.Of), include);
    }

    private IReadOnlyList<ImageVolume> Build(IEnumerable<SourceFile> files, Func<ImageFrame, bool>? include)
    {
        var slices = new List<Slice>();
        var skipped = new List<string>();
        foreach (var file in files)
        {
            var reading = FrameReader.Read(file.Header);
            if (reading.SkipReason is { } reason)
            {
                skipped.Add($"{file.Header.GetUid(DicomTags.SOPInstanceUID)?.Trim()}: {reason}");
                continue;
            }

            var wanted = reading.Frames.Where(f => include is null || include(f)).ToList();
            if (wanted.Count == 0)
            {
                continue;
            }

            // The Image Pixel module is checked here, before any frame is read, as it always was.
            var pixels = file.Pixels();
            var tiles = new Dictionary<int, Lazy<float[]>>();
            foreach (var frame in wanted)
            {
                Lazy<float[]>? values = null;
                if (frame.MosaicTile is not null && !tiles.TryGetValue(frame.PixelFrameIndex, out values))
                {
                    // A mosaic's tiles share one decoded frame.
                    var index = frame.PixelFrameIndex;
                    values = new Lazy<float[]>(() => pixels.GetFrameRealValues(index), LazyThreadSafetyMode.ExecutionAndPublication);
                    tiles[index] = values;
                }

                slices.Add(new Slice(frame, pixels, values));
            }
        }

        if (slices.Count == 0)
        {
            throw skipped.Count == 0
                ? new ArgumentException("A series needs at least one image.", nameof(files))
                : new SeriesGeometryException(null, $"no image to stack: {string.Join("; ", skipped)}");
        }

        var series = slices[0].Frame.SeriesInstanceUid;
        if (slices.FirstOrDefault(s => s.Frame.SeriesInstanceUid != series) is { } other)
        {
            throw new SeriesGeometryException(series, $"image {other.Frame.SopInstanceUid} belongs to series {other.Frame.SeriesInstanceUid}");
        }

        return slices
            .GroupBy(s => VolumeKey.Of(s.Frame))
            .OrderBy(g => g.Key.BValue ?? double.NegativeInfinity)
            .ThenBy(g => g.Key.Directionality)
            .ThenBy(g => g.Key.Gradient, StringComparer.Ordinal)
            .ThenBy(g => g.Key.ImageType, StringComparer.Ordinal)
            .Select(g => Stack(series, g.First().Frame.Diffusion, g.ToList(), skipped))
            .ToList();
    }

    private ImageVolume Stack(string? series, DiffusionEncoding diffusion, List<Slice> slices, IReadOnlyList<string> skipped)
    {
        var bValue = diffusion.BValue;
        var first = slices[0];
        var o = first.Orientation;
        var row = Normalize(o[0], o[1], o[2]);
        var column = Normalize(o[3], o[4], o[5]);
        var normal = Cross(row, column);
        var label = bValue is { } b ? $" ({diffusion})" : string.Empty;

        foreach (var s in slices)
        {
            for (var c = 0; c < 6; c++)
            {
                if (Math.Abs(s.Orientation[c] - o[c]) > OrientationTolerance)
                {
                    throw new SeriesGeometryException(
                        series,
                        $"image {s.SopInstanceUid}{label} has Image Orientation (Patient) {Format(s.Orientation)}, image {first.SopInstanceUid} {Format(o)}; the slices are not parallel");
                }
            }

            if (s.Rows != first.Rows || s.Columns != first.Columns)
            {
                throw new SeriesGeometryException(
                    series, $"image {s.SopInstanceUid}{label} is {s.Columns}×{s.Rows}, image {first.SopInstanceUid} {first.Columns}×{first.Rows}");
            }

            if (Math.Abs(s.Spacing[0] - first.Spacing[0]) > SpacingTolerance || Math.Abs(s.Spacing[1] - first.Spacing[1]) > SpacingTolerance)
            {
                throw new SeriesGeometryException(
                    series, $"image {s.SopInstanceUid}{label} has Pixel Spacing {Format(s.Spacing)}, image {first.SopInstanceUid} {Format(first.Spacing)}");
            }
        }

        // PS3.3 §C.7.6.2.1.1: the slice's distance along the normal orders the stack whatever the instance numbers say.
        var sorted = slices
            .Select(s => (Slice: s, Distance: Dot(s.Position, normal)))
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Slice.InstanceNumber)
            .ToList();

        var count = sorted.Count;
        var spacings = new double[Math.Max(0, count - 1)];
        for (var k = 0; k + 1 < count; k++)
        {
            spacings[k] = sorted[k + 1].Distance - sorted[k].Distance;
            if (spacings[k] <= SpacingTolerance)
            {
                throw new SeriesGeometryException(
                    series,
                    $"images {sorted[k].Slice.SopInstanceUid} and {sorted[k + 1].Slice.SopInstanceUid}{label} lie at the same position along the slice normal; more than one image per location that neither b-value nor gradient direction tells apart");
            }
        }

        var warnings = new List<string>();
        var step = count > 1
            ? Scale(Subtract(sorted[^1].Slice.Position, sorted[0].Slice.Position), 1.0 / (count - 1))
            : Scale(normal, first.Thickness > 0 ? first.Thickness : 1.0);
        if (count == 1)
        {
            warnings.Add($"a single slice{label}: its thickness along the normal is taken from Slice Thickness / Spacing Between Slices");
        }

        ReportSpacing(spacings, label, warnings);
        ReportShear(sorted.Select(x => x.Slice.Position).ToList(), step, normal, label, warnings);

        // Pixel Spacing is [between rows (along j), between columns (along i)]; the row cosine runs along i.
        var di = first.Spacing[1];
        var dj = first.Spacing[0];
        var p0 = sorted[0].Slice.Position;
        double[] affine =
        [
            row.X * di, column.X * dj, step.X, p0[0],
            row.Y * di, column.Y * dj, step.Y, p0[1],
            row.Z * di, column.Z * dj, step.Z, p0[2],
            0, 0, 0, 1,
        ];
        var geometry = new VolumeGeometry(first.Columns, first.Rows, count, affine);
        var voxels = new float[geometry.VoxelCount];
        var perSlice = first.Rows * first.Columns;
        Parallel.For(0, count, k => sorted[k].Slice.CopyPixels(voxels.AsSpan(k * perSlice, perSlice)));

        return new ImageVolume(geometry, voxels)
        {
            SeriesInstanceUid = series,
            BValue = bValue,
            Diffusion = diffusion,
            SourceInstanceUids = sorted.Select(x => x.Slice.SopInstanceUid).ToList(),
            SourceFrameNumbers = sorted.Select(x => x.Slice.Frame.FrameNumber).ToList(),
            Report = new GeometryReport(spacings, warnings) { Skipped = skipped },
        };
    }

    private void ReportSpacing(double[] spacings, string label, List<string> warnings)
    {
        if (spacings.Length < 2)
        {
            return;
        }

        var typical = spacings.Order().ElementAt(spacings.Length / 2);
        for (var k = 0; k < spacings.Length; k++)
        {
            if (Math.Abs(spacings[k] - typical) > Math.Max(SpacingTolerance, SpacingRelativeTolerance * typical))
            {
                var kind = spacings[k] > typical * 1.5 ? "gap in the slices" : "irregular slice spacing";
                warnings.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{kind}{label}: {typical:0.###} vs {spacings[k]:0.###} mm between slices {k} and {k + 1}"));
            }
        }
    }

    /// <summary>
    /// Slices that stray within their plane from the straight line of the mean step are reported: a constant in-plane
    /// shift per slice (gantry tilt) is what the affine's k column describes, anything else it cannot. Offsets along the
    /// normal are the spacing's business and reported there.
    /// </summary>
    private void ReportShear(List<double[]> positions, Vec step, Vec normal, string label, List<string> warnings)
    {
        var worst = 0.0;
        var at = 0;
        for (var k = 0; k < positions.Count; k++)
        {
            var expected = Add(positions[0], Scale(step, k));
            var off = Subtract(positions[k], expected);
            var d = Subtract(off, Scale(normal, Dot(off, normal)));
            var length = Math.Sqrt(Dot(d, d));
            if (length > worst)
            {
                (worst, at) = (length, k);
            }
        }

        if (worst > Math.Max(SpacingTolerance, 0.1))
        {
            warnings.Add(string.Create(
                CultureInfo.InvariantCulture, $"slice {at}{label} is shifted {worst:0.###} mm within its plane from the line through the other slice positions"));
        }
    }

    private static string Format(double[] values) => string.Join('\\', values.Select(v => v.ToString("0.######", CultureInfo.InvariantCulture)));

    private static Vec Normalize(double x, double y, double z)
    {
        var length = Math.Sqrt((x * x) + (y * y) + (z * z));
        return length > 0 ? new Vec(x / length, y / length, z / length) : new Vec(x, y, z);
    }

    private static Vec Cross(Vec a, Vec b) => new((a.Y * b.Z) - (a.Z * b.Y), (a.Z * b.X) - (a.X * b.Z), (a.X * b.Y) - (a.Y * b.X));

    private static double Dot(double[] p, Vec n) => (p[0] * n.X) + (p[1] * n.Y) + (p[2] * n.Z);

    private static double Dot(Vec a, Vec b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);

    private static Vec Subtract(double[] a, double[] b) => new(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

    private static Vec Subtract(double[] a, Vec b) => new(a[0] - b.X, a[1] - b.Y, a[2] - b.Z);

    private static Vec Subtract(Vec a, Vec b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    private static Vec Add(double[] a, Vec b) => new(a[0] + b.X, a[1] + b.Y, a[2] + b.Z);

    private static Vec Scale(Vec v, double s) => new(v.X * s, v.Y * s, v.Z * s);

    private readonly record struct Vec(double X, double Y, double Z);

    /// <summary>
    /// Volumes are split by b-value and directionality, raw directional data by gradient direction, and images of one
    /// series that are different things by their ImageType or FrameType (a Philips field map beside its magnitude).
    /// </summary>
    private readonly record struct VolumeKey(double? BValue, DiffusionDirectionality Directionality, string Gradient, string ImageType)
    {
        public static VolumeKey Of(ImageFrame frame) => Of(frame.Diffusion, string.Join('\\', frame.ImageType.Select(t => t.Trim().ToUpperInvariant())));

        private static VolumeKey Of(DiffusionEncoding d, string imageType) => new(
            d.BValue is { } b ? Math.Round(b, 3) : null,
            d.Directionality,
            d.Directionality == DiffusionDirectionality.Directional && d.Gradient is { Count: 3 } g
                ? string.Create(CultureInfo.InvariantCulture, $"{g[0]:0.###} {g[1]:0.###} {g[2]:0.###}")
                : string.Empty,
            imageType);
    }

    /// <summary>
    /// A file to stack from: its header, and its pixel data made when a frame of it is wanted — read in place from the file
    /// (<see cref="PixelDataLocation"/>) when it is native, else from the file read whole.
    /// </summary>
    private sealed class SourceFile(DicomDataset header, Func<DicomPixelData> pixels)
    {
        private readonly Lazy<DicomPixelData> _pixels = new(pixels, LazyThreadSafetyMode.ExecutionAndPublication);

        public DicomDataset Header { get; } = header;

        public DicomPixelData Pixels() => _pixels.Value;

        public static SourceFile Open(string path)
        {
            var header = Part10HeaderReader.ReadFile(path, out var location);
            return location is { } at
                ? new SourceFile(header.Dataset, () => new DicomPixelData(header.Dataset, header.TransferSyntax, at))
                : new SourceFile(header.Dataset, () => new DicomPixelData(DicomFile.Open(path)));
        }

        public static SourceFile Of(DicomFile file) => new(file.Dataset, () => new DicomPixelData(file));
    }

    /// <summary>One frame to stack, its file's pixel data, and for a mosaic's tile the decoded values of the frame its tiles share.</summary>
    private sealed record Slice(ImageFrame Frame, DicomPixelData Pixels, Lazy<float[]>? Tile)
    {
        public string SopInstanceUid => Frame.SopInstanceUid;

        public int InstanceNumber => Frame.InstanceNumber;

        public double[] Position => Frame.Position;

        public double[] Orientation => Frame.Orientation;

        public double[] Spacing => Frame.Spacing;

        public int Rows => Frame.Rows;

        public int Columns => Frame.Columns;

        public double Thickness => Frame.Thickness;

        /// <summary>The frame's real values into <paramref name="target"/>: its tile of a mosaic, its own rescale in Enhanced MR.</summary>
        public void CopyPixels(Span<float> target)
        {
            if (Frame.MosaicTile is { } tile)
            {
                var values = Tile!.Value;
                for (var r = 0; r < Rows; r++)
                {
                    values.AsSpan(((tile.Row + r) * Pixels.Columns) + tile.Column, Columns).CopyTo(target.Slice(r * Columns, Columns));
                }
            }
            else if (Pixels.PixelCount == target.Length && Pixels.SamplesPerPixel == 1)
            {
                // Decoded straight into the volume: no frame-sized arrays besides the frame's own bytes.
                Pixels.GetFrameRealValues(Frame.PixelFrameIndex, target);
            }
            else
            {
                Pixels.GetFrameRealValues(Frame.PixelFrameIndex).AsSpan(0, target.Length).CopyTo(target);
            }

            if (Frame.FrameRescale is { } rescale && (rescale.Slope != 1 || rescale.Intercept != 0))
            {
                for (var i = 0; i < target.Length; i++)
                {
                    target[i] = (float)((target[i] * rescale.Slope) + rescale.Intercept);
                }
            }
        }
    }
}
