namespace DicomNode.Analysis.Nodes;

/// <summary>A direction or position in patient space (LPS, mm), in double precision.</summary>
internal readonly record struct Vector3(double X, double Y, double Z)
{
    public double Length => Math.Sqrt(Dot(this));

    public double Dot(Vector3 other) => (X * other.X) + (Y * other.Y) + (Z * other.Z);

    public Vector3 Cross(Vector3 other) => new((Y * other.Z) - (Z * other.Y), (Z * other.X) - (X * other.Z), (X * other.Y) - (Y * other.X));

    public Vector3 Normalized()
    {
        var length = Length;
        return new Vector3(X / length, Y / length, Z / length);
    }

    public static Vector3 operator +(Vector3 a, Vector3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vector3 operator -(Vector3 a, Vector3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vector3 operator *(double s, Vector3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public (double X, double Y, double Z) ToTuple() => (X, Y, Z);
}
