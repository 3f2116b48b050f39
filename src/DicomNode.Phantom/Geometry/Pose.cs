namespace DicomNode.Phantom.Geometry;

/// <summary>
/// Places a subject in the scanner: a point q of the subject's own frame (mm, LPS-like axes, origin midway
/// between the femoral head centres) lands at patient position R·(S ⊙ q) + T.
/// </summary>
internal sealed record Pose(Vec3 Scale, Rotation Rotation, Vec3 Translation)
{
    public Vec3 ToPatient(Vec3 subject) => Rotation.Apply(Vec3.Scale(Scale, subject)) + Translation;

    public Vec3 ToSubject(Vec3 patient)
    {
        var r = Rotation.ApplyInverse(patient - Translation);
        return new Vec3(r.X / Scale.X, r.Y / Scale.Y, r.Z / Scale.Z);
    }
}
