using DicomNode.Analysis.Components;
using DicomNode.Imaging.Geometry;

namespace DicomNode.Analysis.Bones;

/// <summary>The side of the midline of each voxel of one grid: the signed x distance is linear in (i, j, k).</summary>
internal readonly record struct VoxelSide(VolumeGeometry Geometry, double Di, double Dj, double Dk, double D0)
{
    /// <summary>x − the midline's x at the voxel centre's y and z (mm): positive on the patient's left.</summary>
    public double Distance(int voxel)
    {
        var (i, j, k) = RegionMeasures.IndexToVoxel(Geometry, voxel);
        return (Di * i) + (Dj * j) + (Dk * k) + D0;
    }

    public bool IsLeft(int voxel) => Distance(voxel) > 0;
}
