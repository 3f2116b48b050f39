namespace DicomNode.Analysis.Evaluation;

/// <summary>Cohen's kappa between two raters over any number of categories (here: the method's N or M stage against the truth).</summary>
/// <param name="ObservedAgreement">p_o: the share of items both raters put in the same category.</param>
/// <param name="ExpectedAgreement">p_e: Σ over categories of the product of the two raters' marginal shares.</param>
/// <param name="Kappa">
/// (p_o − p_e) / (1 − p_e). Defined as 1 when p_o = 1, which covers the case where both raters use one category for every
/// item (p_e = 1, so the formula reads 0/0). Undefined (null) without items.
/// </param>
public sealed record CohenKappa(int Count, double? ObservedAgreement, double? ExpectedAgreement, double? Kappa)
{
    public static CohenKappa Of<T>(IReadOnlyList<(T First, T Second)> ratings)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(ratings);
        int n = ratings.Count;
        if (n == 0)
        {
            return new CohenKappa(0, null, null, null);
        }

        var first = new Dictionary<T, int>();
        var second = new Dictionary<T, int>();
        int agree = 0;
        foreach (var (a, b) in ratings)
        {
            first[a] = first.GetValueOrDefault(a) + 1;
            second[b] = second.GetValueOrDefault(b) + 1;
            if (EqualityComparer<T>.Default.Equals(a, b))
            {
                agree++;
            }
        }

        double observed = (double)agree / n;
        double expected = first.Sum(c => (double)c.Value * second.GetValueOrDefault(c.Key)) / ((double)n * n);
        double kappa = agree == n ? 1 : (observed - expected) / (1 - expected);
        return new CohenKappa(n, observed, expected, kappa);
    }
}
