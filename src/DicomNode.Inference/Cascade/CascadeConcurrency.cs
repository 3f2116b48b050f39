namespace DicomNode.Inference.Cascade;

/// <summary>
/// How many of a study's model runs <see cref="CascadeRunner"/> lets go at once, and the intra-op threads each session
/// then gets. On the CPU one U-Net run does not keep two cores busy: the demonstration bone model (48 × 128 × 128, 9
/// classes) took 1.24–1.34 s on two intra-op threads and 1.87 s on one, but two runs side by side on one thread each
/// ended together in about 2.0 s, against 2.6 s one after the other (issue 23). A GPU takes the runs one at a time.
/// </summary>
internal static class CascadeConcurrency
{
    /// <summary>The most runs at once that the setting allows (Models:ConcurrentRuns).</summary>
    public const int MaxRuns = 16;

    /// <summary>
    /// The runs at once for <paramref name="setting"/>: itself when positive; when 0 (automatic), 2 on the CPU with at
    /// least two logical processors, else 1.
    /// </summary>
    public static int Runs(int setting, ExecutionProvider provider, int processorCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(setting);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(setting, MaxRuns);
        if (setting > 0)
        {
            return setting;
        }

        return provider == ExecutionProvider.Cpu && processorCount >= 2 ? 2 : 1;
    }

    /// <summary>
    /// The session options for <paramref name="runs"/> at once: on the CPU, with intra-op threads left automatic and
    /// more than one run, each session gets an equal share of the processors (at least one), so that the runs side by
    /// side do not each spread over every core; a run given <paramref name="places"/> of the runs' places (it started
    /// with no other run ready) gets that many shares. Otherwise the options unchanged. The share is part of the options
    /// and so of the session cache's key: a model run alone and side by side has a session for each.
    /// </summary>
    public static InferenceSessionOptions SessionOptions(InferenceSessionOptions options, int runs, int processorCount, int places = 1) =>
        runs > 1 && options.Provider == ExecutionProvider.Cpu && options.IntraOpThreads == 0
            ? options with { IntraOpThreads = Math.Max(1, processorCount * Math.Clamp(places, 1, runs) / runs) }
            : options;
}
