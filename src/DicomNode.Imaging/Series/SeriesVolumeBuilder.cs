using System.Globalization;
using DicomNode.Dicom;
using DicomNode.Dicom.Imaging;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging.Series;

/// <summary>
/// Stacks the single-frame images of one series into volumes (PS3.3 §C.7.6.2 Image Plane module): one volume per
/// b-value for a diffusion series that holds several, slices sorted by their position along the slice normal
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

    /// <summary>Reads the files and stacks them; they must all belong to one series.</summary>
    public IReadOnlyList<ImageVolume> Build(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var files = paths.ToArray().AsParallel().AsOrdered().Select(p => DicomFile.Open(p)).ToList();
        return Build(files);
    }

    public IReadOnlyList<ImageVolume> Build(IEnumerable<DicomFile> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var slices = files.Select(SliceOf).ToList();
        if (slices.Count == 0)
        {
            throw new ArgumentException("A series needs at least one image.", nameof(files));
        }

        var series = slices[0].SeriesInstanceUid;
        if (slices.FirstOrDefault(s => s.SeriesInstanceUid != series) is { } other)
        {
            throw new SeriesGeometryException(series, $"image {other.SopInstanceUid} belongs to series {other.SeriesInstanceUid}");
        }

        return slices
            .GroupBy(s => s.BValue)
            .OrderBy(g => g.Key ?? double.NegativeInfinity)
            .Select(g => Stack(series, g.Key, g.ToList()))
            .ToList();
    }

    private static Slice SliceOf(DicomFile file)
    {
        var d = file.Dataset;
        var series = d.GetString(DicomTags.SeriesInstanceUID)?.Trim();
        var sop = d.GetString(DicomTags.SOPInstanceUID)?.Trim() ?? string.Empty;
        double[] position;
        double[] orientation;
        double[] spacing;
        try
        {
            position = d.GetDoubles(DicomTags.ImagePositionPatient);
            orientation = d.GetDoubles(DicomTags.ImageOrientationPatient);
            spacing = d.GetDoubles(DicomTags.PixelSpacing);
        }
        catch (FormatException e)
        {
            throw new SeriesGeometryException(series, $"image {sop}: {e.Message}");
        }

        if (position.Length != 3 || orientation.Length != 6 || spacing.Length != 2)
        {
            throw new SeriesGeometryException(
                series,
                $"image {sop} lacks the Image Plane module: Image Position (Patient) has {position.Length} values, Image Orientation (Patient) {orientation.Length}, Pixel Spacing {spacing.Length}");
        }

        var pixels = new DicomPixelData(file);
        if (pixels.NumberOfFrames != 1 || pixels.SamplesPerPixel != 1)
        {
            throw new SeriesGeometryException(series, $"image {sop} has {pixels.NumberOfFrames} frames of {pixels.SamplesPerPixel} samples; single-frame monochrome images are stacked");
        }

        var instance = d.TryGetInt32(DicomTags.InstanceNumber, out var n) ? n : 0;
        var thickness = d.TryGetDouble(DicomTags.SpacingBetweenSlices, out var between) && between > 0 ? between
            : d.TryGetDouble(DicomTags.SliceThickness, out var t) ? t : 0;
        return new Slice(series, sop, instance, BValueReader.Read(d), position, orientation, spacing, pixels) { Thickness = thickness };
    }

    private ImageVolume Stack(string? series, double? bValue, List<Slice> slices)
    {
        var first = slices[0];
        var o = first.Orientation;
        var row = Normalize(o[0], o[1], o[2]);
        var column = Normalize(o[3], o[4], o[5]);
        var normal = Cross(row, column);
        var label = bValue is { } b ? $" (b = {b.ToString(CultureInfo.InvariantCulture)})" : string.Empty;

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

            if (s.Pixels.Rows != first.Pixels.Rows || s.Pixels.Columns != first.Pixels.Columns)
            {
                throw new SeriesGeometryException(
                    series, $"image {s.SopInstanceUid}{label} is {s.Pixels.Columns}×{s.Pixels.Rows}, image {first.SopInstanceUid} {first.Pixels.Columns}×{first.Pixels.Rows}");
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
                    $"images {sorted[k].Slice.SopInstanceUid} and {sorted[k + 1].Slice.SopInstanceUid}{label} lie at the same position along the slice normal; more than one image per location that no b-value tells apart");
            }
        }

        var warnings = new List<string>();
        var step = count > 1
            ? Scale(Subtract(sorted[^1].Slice.Position, sorted[0].Slice.Position), 1.0 / (count - 1))
            : Scale(normal, SingleSliceThickness(first));
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
        var geometry = new VolumeGeometry(first.Pixels.Columns, first.Pixels.Rows, count, affine);
        var voxels = new float[geometry.VoxelCount];
        var perSlice = first.Pixels.PixelCount;
        Parallel.For(0, count, k => sorted[k].Slice.Pixels.GetFrameRealValues(0).CopyTo(voxels.AsSpan(k * perSlice, perSlice)));

        return new ImageVolume(geometry, voxels)
        {
            SeriesInstanceUid = series,
            BValue = bValue,
            SourceInstanceUids = sorted.Select(x => x.Slice.SopInstanceUid).ToList(),
            Report = new GeometryReport(spacings, warnings),
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

    private static double SingleSliceThickness(Slice slice) => slice.Thickness > 0 ? slice.Thickness : 1.0;

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

    private sealed record Slice(
        string? SeriesInstanceUid, string SopInstanceUid, int InstanceNumber, double? BValue, double[] Position, double[] Orientation, double[] Spacing, DicomPixelData Pixels)
    {
        public double Thickness { get; init; }
    }
}
