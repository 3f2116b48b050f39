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

    /// <summary>Advances fake time in steps, letting background loops run between steps, until the condition holds.</summary>
    public static async Task AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Func<bool> condition, string what, int maxSteps = 10_000)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        for (var i = 0; !condition(); i++)
        {
            if (i >= maxSteps || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what} (fake time {time.GetUtcNow():o}).");
            }

            time.Advance(step);
            await Task.Delay(2);
        }
    }
}
