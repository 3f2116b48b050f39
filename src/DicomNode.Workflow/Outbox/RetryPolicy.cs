namespace DicomNode.Workflow.Outbox;

/// <summary>
/// When to try a failed item again: exponential back-off with "equal jitter". After failed attempt n
/// (n ≥ 1) the step is min(MaxRetryDelay, InitialRetryDelay · 2^(n−1)) and the delay is drawn uniformly
/// from [step/2, step], so items that failed together do not come back together. An item gives up (is
/// failed) when an attempt fails at or after EnqueuedAt + MaxAge; the last attempt is never scheduled
/// later than that moment. Pure: the caller supplies the time and the random source.
/// </summary>
public sealed class RetryPolicy(OutboxOptions options)
{
    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1 = the first failure).</summary>
    public TimeSpan Delay(int attempt, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var step = Step(attempt);
        var half = step.Ticks / 2;
        return TimeSpan.FromTicks(half + (long)(random.NextDouble() * (step.Ticks - half)));
    }

    /// <summary>The un-jittered step after failed attempt <paramref name="attempt"/>: the upper bound of <see cref="Delay"/>.</summary>
    public TimeSpan Step(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);

        // 2^(n−1) overflows quickly; past 40 doublings every sane configuration is at its maximum anyway.
        var factor = Math.Pow(2, Math.Min(attempt - 1, 40));
        var ticks = options.InitialRetryDelay.Ticks * factor;
        return ticks >= options.MaxRetryDelay.Ticks ? options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>
    /// The time of the next attempt after failed attempt <paramref name="attempt"/> at <paramref name="now"/>,
    /// or null when the item has reached its maximum age and must be marked failed.
    /// </summary>
    public DateTimeOffset? NextAttempt(int attempt, DateTimeOffset enqueuedAt, DateTimeOffset now, Random random)
    {
        var expires = enqueuedAt + options.MaxAge;
        if (now >= expires)
        {
            return null;
        }

        var next = now + Delay(attempt, random);
        return next < expires ? next : expires;
    }
}
