using DicomNode.Phantom.Anatomy;

namespace DicomNode.Phantom.Imaging;

/// <summary>Per-subject tissue properties: the table of <see cref="TissueProperties"/> varied by up to ±8 % per tissue.</summary>
internal static class TissueContrast
{
    public static TissueProperties[] ForSubject(int seed)
    {
        var random = Streams.For(seed, "contrast");
        var tissues = Enum.GetValues<Tissue>();
        var table = new TissueProperties[tissues.Length];
        foreach (var tissue in tissues)
        {
            var t = TissueProperties.Of(tissue);
            double Vary() => 1 + (((random.NextDouble() * 2) - 1) * 0.08);
            table[(int)tissue] = new TissueProperties(t.S0 * Vary(), t.Adc * Vary(), t.T1 * Vary());
        }

        return table;
    }
}
