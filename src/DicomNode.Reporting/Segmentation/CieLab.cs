namespace DicomNode.Reporting.Segmentation;

/// <summary>
/// Recommended Display CIELab Value (0062,000D): an sRGB colour as CIE L*a*b*, each scaled to 0–65535 — L* by
/// 65535/100, a* and b* by (value + 128)·65535/255 (PS3.3 C.10.7.1.1). The white point is D65, the sRGB one, as
/// highdicom and dcmqi use, so that viewers that convert back with the same assumption show the colour meant.
/// </summary>
internal static class CieLab
{
    // sRGB (linear) to CIE XYZ, D65 (IEC 61966-2-1). The row sums are the D65 white point (0.95047, 1.0, 1.08883).
    private const double Xr = 0.4124564, Xg = 0.3575761, Xb = 0.1804375;
    private const double Yr = 0.2126729, Yg = 0.7151522, Yb = 0.0721750;
    private const double Zr = 0.0193339, Zg = 0.1191920, Zb = 0.9503041;
    private const double WhiteX = Xr + Xg + Xb, WhiteY = Yr + Yg + Yb, WhiteZ = Zr + Zg + Zb;

    /// <summary>L*, a*, b* (unscaled) of an sRGB colour.</summary>
    public static (double L, double A, double B) Lab(byte red, byte green, byte blue)
    {
        var r = Linear(red);
        var g = Linear(green);
        var b = Linear(blue);
        var fx = F(((Xr * r) + (Xg * g) + (Xb * b)) / WhiteX);
        var fy = F(((Yr * r) + (Yg * g) + (Yb * b)) / WhiteY);
        var fz = F(((Zr * r) + (Zg * g) + (Zb * b)) / WhiteZ);
        return ((116 * fy) - 16, 500 * (fx - fy), 200 * (fy - fz));
    }

    /// <summary>The three US values of Recommended Display CIELab Value.</summary>
    public static ushort[] Scaled(byte red, byte green, byte blue) => Scaled(red, green, blue, 0);

    /// <summary>
    /// The three US values of an sRGB colour with its lightness L* moved by <paramref name="lightnessOffset"/> (clamped
    /// to 0–100) and its hue and chroma (a*, b*) kept: the same colour family, told apart by lightness.
    /// </summary>
    public static ushort[] Scaled(byte red, byte green, byte blue, double lightnessOffset)
    {
        var (l, a, b) = Lab(red, green, blue);
        l = Math.Clamp(l + lightnessOffset, 0, 100);
        return [Scale(l * 65535.0 / 100.0), Scale((a + 128) * 65535.0 / 255.0), Scale((b + 128) * 65535.0 / 255.0)];
    }

    /// <summary>
    /// The sRGB colour of a scaled Recommended Display CIELab Value: the inverse of <see cref="Scaled(byte, byte, byte)"/>
    /// (D65), each channel rounded and clamped to 0–255 where the colour lies outside the sRGB gamut.
    /// </summary>
    public static (byte Red, byte Green, byte Blue) Rgb(ushort l, ushort a, ushort b)
    {
        var fy = ((l * 100.0 / 65535.0) + 16) / 116.0;
        var fx = fy + (((a * 255.0 / 65535.0) - 128) / 500.0);
        var fz = fy - (((b * 255.0 / 65535.0) - 128) / 200.0);
        double x = FInverse(fx) * WhiteX, y = FInverse(fy) * WhiteY, z = FInverse(fz) * WhiteZ;
        // The inverse of the sRGB-to-XYZ matrix above (IEC 61966-2-1).
        var red = (3.2404542 * x) - (1.5371385 * y) - (0.4985314 * z);
        var green = (-0.9692660 * x) + (1.8760108 * y) + (0.0415560 * z);
        var blue = (0.0556434 * x) - (0.2040259 * y) + (1.0572252 * z);
        return (Gamma(red), Gamma(green), Gamma(blue));
    }

    private static double FInverse(double f)
    {
        const double delta = 6.0 / 29.0;
        return f > delta ? f * f * f : 3 * delta * delta * (f - (4.0 / 29.0));
    }

    private static byte Gamma(double linear)
    {
        var c = linear <= 0.0031308 ? 12.92 * linear : (1.055 * Math.Pow(linear, 1 / 2.4)) - 0.055;
        return (byte)Math.Clamp(Math.Round(c * 255.0, MidpointRounding.AwayFromZero), 0, 255);
    }

    private static double Linear(byte value)
    {
        var c = value / 255.0;
        return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
    }

    // CIE 1976: the cube root above (6/29)³, a line below it.
    private static double F(double t)
    {
        const double delta = 6.0 / 29.0;
        return t > delta * delta * delta ? Math.Cbrt(t) : (t / (3 * delta * delta)) + (4.0 / 29.0);
    }

    private static ushort Scale(double value) => (ushort)Math.Clamp(Math.Round(value, MidpointRounding.AwayFromZero), 0, 65535);
}
