using DicomNode.Workflow.Outbox;

namespace DicomNode.Workflow.Tests.Outbox;

public sealed class RetryPolicyTests
{
    private static readonly OutboxOptions Options = new()
    {
        InitialRetryDelay = TimeSpan.FromSeconds(10),
        MaxRetryDelay = TimeSpan.FromHours(1),
        MaxAge = TimeSpan.FromHours(24),
    };

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 20)]
    [InlineData(3, 40)]
    [InlineData(9, 2560)]
    [InlineData(10, 3600)]
    [InlineData(500, 3600)]
    public void Step_DoublesFromTheInitialDelay_UpToTheMaximum(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), new RetryPolicy(Options).Step(attempt));

    [Fact]
    public void Delay_HasJitter_BetweenHalfAndAllOfTheStep()
    {
        var policy = new RetryPolicy(Options);
        var random = new Random(7);
        var delays = Enumerable.Range(0, 200).Select(_ => policy.Delay(3, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(40)));
        Assert.True(delays.Distinct().Count() > 100, "delays should differ");
    }

    [Fact]
    public void NextAttempt_NeverLaterThanTheMaximumAge_AndNullOnceItHasPassed()
    {
        var policy = new RetryPolicy(Options);
        var enqueued = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(1);

        Assert.Equal(enqueued.AddHours(24), policy.NextAttempt(20, enqueued, enqueued.AddHours(23.9), random));
        Assert.Null(policy.NextAttempt(21, enqueued, enqueued.AddHours(24), random));
        Assert.InRange(policy.NextAttempt(1, enqueued, enqueued, random)!.Value, enqueued.AddSeconds(5), enqueued.AddSeconds(10));
    }
}
