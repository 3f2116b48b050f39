using DicomNode.Phantom.Geometry;

namespace DicomNode.Phantom.Imaging;

/// <summary>A smooth multiplicative receive-coil bias: the exponential of a random second-order polynomial of position.</summary>
internal sealed class BiasField
{
    private readonly Vec3 _centre;
    private readonly double[] _c;

    public BiasField(Random random, Vec3 centre, double strength)
    {
        _centre = centre;
        _c = new double[6];
        for (var i = 0; i < _c.Length; i++)
        {
            _c[i] = ((random.NextDouble() * 2) - 1) * strength;
        }
    }

    public double At(Vec3 p)
    {
        var d = (p - _centre) / 200;
        return Math.Exp((_c[0] * d.X) + (_c[1] * d.Y) + (_c[2] * d.Z) + (_c[3] * d.X * d.Y) + (_c[4] * ((d.X * d.X) - (d.Y * d.Y))) + (_c[5] * d.Z * d.Z));
    }
}
