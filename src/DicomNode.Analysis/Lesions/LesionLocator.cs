using DicomNode.Analysis.Components;
using DicomNode.Analysis.Findings;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Lesions;

/// <summary>
/// Places a lesion in the bone finding (bone and side) it overlaps most. Equal overlaps go to the larger bone finding
/// (then to the earlier one in report order); a lesion that overlaps no bone finding goes to the one whose centroid is
/// nearest to the lesion's.
/// </summary>
internal sealed class LesionLocator
{
    private readonly IReadOnlyList<BoneFinding> _bones;
    private readonly int[] _owner;
    private readonly (double X, double Y, double Z)[] _centroids;

    /// <param name="geometry">The series grid the bone findings and the lesions share.</param>
    /// <param name="bones">The series' bone findings; their regions do not overlap.</param>
    public LesionLocator(VolumeGeometry geometry, IReadOnlyList<BoneFinding> bones)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        ArgumentNullException.ThrowIfNull(bones);
        _bones = bones;
        _owner = new int[geometry.VoxelCount];
        Array.Fill(_owner, -1);
        _centroids = new (double, double, double)[bones.Count];
        for (var b = 0; b < bones.Count; b++)
        {
            foreach (var v in bones[b].Region.Voxels)
            {
                _owner[v] = b;
            }

            _centroids[b] = RegionMeasures.CentroidLps(geometry, bones[b].Region.Voxels);
        }
    }

    /// <summary>The bone finding of a lesion with voxels <paramref name="voxels"/> and centroid <paramref name="centroid"/>.</summary>
    /// <exception cref="InvalidOperationException">There is no bone finding to place it in.</exception>
    public BoneFinding Locate(ReadOnlySpan<int> voxels, (double X, double Y, double Z) centroid)
    {
        if (_bones.Count == 0)
        {
            throw new InvalidOperationException("A lesion cannot be located on a series without bone findings.");
        }

        var overlap = new int[_bones.Count];
        foreach (var v in voxels)
        {
            var owner = _owner[v];
            if (owner >= 0)
            {
                overlap[owner]++;
            }
        }

        var best = -1;
        for (var b = 0; b < _bones.Count; b++)
        {
            if (overlap[b] > 0 && (best < 0 || overlap[b] > overlap[best]
                || (overlap[b] == overlap[best] && _bones[b].VolumeCm3 > _bones[best].VolumeCm3)))
            {
                best = b;
            }
        }

        if (best < 0)
        {
            best = 0;
            for (var b = 1; b < _bones.Count; b++)
            {
                if (RegionMeasures.Distance(_centroids[b], centroid) < RegionMeasures.Distance(_centroids[best], centroid))
                {
                    best = b;
                }
            }
        }

        return _bones[best];
    }
}
