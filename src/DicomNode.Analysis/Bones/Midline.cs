using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Analysis.Nodes;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Bones;

/// <summary>
/// The patient's mid-sagittal plane as x = A + B·y + C·z in patient coordinates (LPS, mm; +x is the patient's LEFT):
/// a point lies on the patient's left when its x is greater than the plane's x at its y and z.
/// </summary>
/// <remarks>
/// The lumbar vertebra and the sacrococcyx are mirror-symmetric about the mid-sagittal plane, and the normal of a
/// shape's mirror plane is an eigenvector of the covariance of its points: the eigenvector nearest the x axis, through
/// the centroid of the midline bones' voxels, is the plane, whatever the patient's roll (tilt about y: the C term) and
/// yaw (turn about z: the B term). (Least squares of x on y and z is not: along a line of constant y and z a turned
/// shape is not symmetric, and the fit sees about 17 % less turn than there is.) The pubic symphysis lies some 90 mm
/// anterior and caudal of these bones, where a constant x (the old split at the midline bones' centroid) misses the
/// midline of a patient turned by 10° by about 15 mm; the plane follows it. When the midline bones' spread does not
/// define the axes (see <see cref="MinimumEigenGap"/>, <see cref="MinimumSpreadMm"/>), a line x(z) or the mean X is
/// used (<see cref="MidlineBasis"/>); a tilt beyond <see cref="MaximumTilt"/> is taken for a bad segmentation, not a
/// pose, and the next simpler fit is used.
/// </remarks>
internal sealed record Midline(double A, double B, double C, MidlineBasis Basis)
{
    /// <summary>tan 30°: no patient lies on the table turned or rolled further than that.</summary>
    public const double MaximumTilt = 0.577;

    /// <summary>The voxels must spread at least this much (standard deviation, mm) along y or z for that term to be fitted.</summary>
    public const double MinimumSpreadMm = 5;

    /// <summary>
    /// The normal's eigenvalue must differ from the other two by this share of the largest: closer, the symmetry
    /// axes are not defined by the spread and noise would pick the normal.
    /// </summary>
    public const double MinimumEigenGap = 0.1;

    /// <summary>The plane's x at (y, z).</summary>
    public double XAt(double y, double z) => A + (B * y) + (C * z);

    /// <summary>The side of a point: Left when x is beyond the plane towards +x, else Right (a point on the plane goes right).</summary>
    public Side SideOf((double X, double Y, double Z) point) => point.X > XAt(point.Y, point.Z) ? Side.Left : Side.Right;

    /// <summary>
    /// The signed distance along x of each voxel of <paramref name="geometry"/> from the plane, as a linear function of
    /// (i, j, k): x − (A + B·y + C·z) = Di·i + Dj·j + Dk·k + D0, positive on the patient's left.
    /// </summary>
    public VoxelSide ForGrid(VolumeGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var m = geometry.Affine;
        return new VoxelSide(
            geometry,
            m[0] - (B * m[4]) - (C * m[8]),
            m[1] - (B * m[5]) - (C * m[9]),
            m[2] - (B * m[6]) - (C * m[10]),
            m[3] - A - (B * m[7]) - (C * m[11]));
    }

    /// <summary>The left and right voxel counts of a region: the side its majority lies on.</summary>
    public Side MajoritySide(VolumeGeometry geometry, ReadOnlySpan<int> voxels, Side onTie)
    {
        var sides = ForGrid(geometry);
        var left = 0;
        foreach (var v in voxels)
        {
            if (sides.IsLeft(v))
            {
                left++;
            }
        }

        var right = voxels.Length - left;
        return left > right ? Side.Left : right > left ? Side.Right : onTie;
    }

    /// <summary>
    /// Estimates the midline of one series from its bone labels (0–8): from the voxels labelled lumbar vertebra or
    /// sacrococcyx in <paramref name="midlineBones"/>; without any, from the paired bones' mean X; without any bone,
    /// from the centre of the field of view.
    /// </summary>
    /// <param name="midlineBones">Voxel indices of the midline bones (after post-processing).</param>
    /// <param name="pairedBones">Voxel indices of the paired bones (any, before the split), for the first fallback.</param>
    public static Midline Estimate(VolumeGeometry geometry, IReadOnlyList<int> midlineBones, IReadOnlyList<int> pairedBones)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(midlineBones);
        ArgumentNullException.ThrowIfNull(pairedBones);
        if (midlineBones.Count > 0)
        {
            return Fit(geometry, midlineBones);
        }

        if (pairedBones.Count > 0)
        {
            return new Midline(MeanX(geometry, pairedBones), 0, 0, MidlineBasis.PairedBones);
        }

        var centre = geometry.ToPatient((geometry.Columns - 1) / 2.0, (geometry.Rows - 1) / 2.0, (geometry.Slices - 1) / 2.0);
        return new Midline(centre.X, 0, 0, MidlineBasis.FieldOfView);
    }

    /// <summary>
    /// The plane of symmetry of the voxels: the covariance eigenvector nearest the x axis is its normal, through their
    /// centroid; when that eigenvector is not well separated from another (a ball-like spread has no defined axes) or
    /// tilts beyond <see cref="MaximumTilt"/>, least squares of x on z (roll only), else the mean X.
    /// </summary>
    private static Midline Fit(VolumeGeometry geometry, IReadOnlyList<int> voxels)
    {
        // Moments about the first voxel keep the sums well conditioned far from the isocentre.
        double sx = 0, sy = 0, sz = 0, sxx = 0, syy = 0, szz = 0, sxy = 0, sxz = 0, syz = 0;
        var origin = Patient(geometry, voxels[0]);
        foreach (var v in voxels)
        {
            var p = Patient(geometry, v);
            double x = p.X - origin.X, y = p.Y - origin.Y, z = p.Z - origin.Z;
            sx += x;
            sy += y;
            sz += z;
            sxx += x * x;
            syy += y * y;
            szz += z * z;
            sxy += x * y;
            sxz += x * z;
            syz += y * z;
        }

        double n = voxels.Count;
        double mx = sx / n, my = sy / n, mz = sz / n;
        var cxx = (sxx / n) - (mx * mx);
        var cyy = (syy / n) - (my * my);
        var czz = (szz / n) - (mz * mz);
        var cxy = (sxy / n) - (mx * my);
        var cxz = (sxz / n) - (mx * mz);
        var cyz = (syz / n) - (my * mz);
        var meanX = mx + origin.X;
        var meanY = my + origin.Y;
        var meanZ = mz + origin.Z;
        var spread = MinimumSpreadMm * MinimumSpreadMm;

        if (cyy >= spread && czz >= spread)
        {
            var (values, vectors) = SymmetricEigen.Decompose([cxx, cxy, cxz, cxy, cyy, cyz, cxz, cyz, czz]);
            var normal = Enumerable.Range(0, 3).MaxBy(e => Math.Abs(vectors[e].X));
            var others = Enumerable.Range(0, 3).Where(e => e != normal).Select(e => Math.Abs(values[e] - values[normal]));
            var e = vectors[normal];
            if (others.Min() >= MinimumEigenGap * values[0] && Math.Abs(e.X) > 0)
            {
                var b = -e.Y / e.X;
                var c = -e.Z / e.X;
                if (Math.Abs(b) <= MaximumTilt && Math.Abs(c) <= MaximumTilt)
                {
                    return new Midline(meanX - (b * meanY) - (c * meanZ), b, c, MidlineBasis.MidlineBonesPlane);
                }
            }
        }

        if (czz >= spread)
        {
            var c = cxz / czz;
            if (Math.Abs(c) <= MaximumTilt)
            {
                return new Midline(meanX - (c * meanZ), 0, c, MidlineBasis.MidlineBonesLine);
            }
        }

        return new Midline(meanX, 0, 0, MidlineBasis.MidlineBonesMean);
    }

    private static double MeanX(VolumeGeometry geometry, IReadOnlyList<int> voxels)
    {
        double sum = 0;
        foreach (var v in voxels)
        {
            sum += Patient(geometry, v).X;
        }

        return sum / voxels.Count;
    }

    private static (double X, double Y, double Z) Patient(VolumeGeometry geometry, int v)
    {
        var (i, j, k) = RegionMeasures.IndexToVoxel(geometry, v);
        return geometry.ToPatient(i, j, k);
    }
}
