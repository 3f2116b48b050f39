namespace DicomNode.Analysis.Bones;

/// <summary>What a <see cref="Midline"/> was estimated from, best first.</summary>
internal enum MidlineBasis
{
    /// <summary>The mirror plane x = a + b·y + c·z of the midline bones (lumbar vertebra, sacrococcyx).</summary>
    MidlineBonesPlane,

    /// <summary>A line x = a + c·z through the midline bones (least squares): their spread does not define a mirror plane.</summary>
    MidlineBonesLine,

    /// <summary>x = the mean X of the midline bones: they span too little in y and z (a few slices) to fit any tilt.</summary>
    MidlineBonesMean,

    /// <summary>No midline bone: x = the mean X of the paired bones (left and right balance each other).</summary>
    PairedBones,

    /// <summary>No bone at all: x = the X of the centre of the field of view (patients are centred in the scanner).</summary>
    FieldOfView,
}
