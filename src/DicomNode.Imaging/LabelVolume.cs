using DicomNode.Imaging.Geometry;

namespace DicomNode.Imaging;

/// <summary>Integer labels (0 background) on a grid in patient space, i fastest.</summary>
public sealed record LabelVolume(VolumeGeometry Geometry, byte[] Labels);
