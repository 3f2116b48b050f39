namespace DicomNode.Analysis.Components;

/// <summary>Which voxels touch in a 3D grid.</summary>
public enum Connectivity
{
    /// <summary>Voxels that share a face (6 neighbours).</summary>
    Faces = 6,

    /// <summary>Voxels that share a face, an edge or a corner (26 neighbours): the method's "3D connected cluster".</summary>
    FacesEdgesCorners = 26,
}
