namespace DicomNode.Workflow.Tests.Support;

/// <summary>Bounded waits for work done by background loops; a test never hangs.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>
    /// Advances fake time in steps, each once some background loop waits on a timer, until the condition holds. The
    /// real-time deadline only keeps a broken test from hanging; no result depends on elapsed time.
    /// </summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what, int maxSteps = 10_000)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; !condition(); i++)
        {
            if (i >= maxSteps || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what} (fake time {time.GetUtcNow():o}).");
            }

            // Fake time moves only while a background loop waits on it. A loop still busy after the last step has
            // not armed its next timer yet; moving the clock then would start that wait late and shift every
            // later time it records (a loaded machine made a 3:00 maximum age read 3:01).
            while (time.ActiveTimers == 0 && !condition())
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Timed out waiting until {what}: nothing waits on the fake clock (fake time {time.GetUtcNow():o}).");
                }

                await Task.Delay(1);
            }

            if (condition())
            {
                break;
            }

            // Never past the timer that is due first: the loop it wakes reads the clock at that instant, not a step later.
            time.Advance(time.UntilNextTimer is { } next && next < step ? next : step);
            await Task.Delay(2);
        }
    }
}
