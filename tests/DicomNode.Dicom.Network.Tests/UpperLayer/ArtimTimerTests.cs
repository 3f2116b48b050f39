using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Tests.UpperLayer;

public sealed class ArtimTimerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Start_ThenTimeoutPasses_ExpiresOnceWithACurrentExpiry()
    {
        var clock = new ManualTimeProvider();
        var expiries = new List<ArtimExpiry>();
        using var timer = new ArtimTimer(clock, Timeout, expiries.Add);

        timer.Start();
        clock.Advance(Timeout - TimeSpan.FromTicks(1));
        Assert.Empty(expiries);
        Assert.True(timer.IsRunning);

        clock.Advance(TimeSpan.FromTicks(1));
        clock.Advance(Timeout);

        var expiry = Assert.Single(expiries);
        Assert.True(timer.IsCurrent(expiry));
        Assert.False(timer.IsRunning);
    }

    [Fact]
    public void Stop_BeforeTimeout_NeverExpires()
    {
        var clock = new ManualTimeProvider();
        var expiries = new List<ArtimExpiry>();
        using var timer = new ArtimTimer(clock, Timeout, expiries.Add);

        timer.Start();
        timer.Stop();
        clock.Advance(Timeout * 2);

        Assert.Empty(expiries);
        Assert.False(timer.IsRunning);
        Assert.Equal(0, clock.LiveTimerCount);
    }

    [Fact]
    public void Start_WhileRunning_RestartsTheTimeout()
    {
        // PS3.8 Table 9-9, AA-1: "start (or restart if already started) ARTIM timer".
        var clock = new ManualTimeProvider();
        var expiries = new List<ArtimExpiry>();
        using var timer = new ArtimTimer(clock, Timeout, expiries.Add);

        timer.Start();
        clock.Advance(TimeSpan.FromSeconds(20));
        timer.Start();
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Empty(expiries);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(expiries);
        Assert.Equal(1, clock.LiveTimerCount);
    }

    [Fact]
    public void Expiry_FollowedByStop_IsNoLongerCurrent()
    {
        var clock = new ManualTimeProvider();
        var expiries = new List<ArtimExpiry>();
        using var timer = new ArtimTimer(clock, Timeout, expiries.Add);

        timer.Start();
        clock.Advance(Timeout);
        timer.Stop();

        Assert.False(timer.IsCurrent(Assert.Single(expiries)));
    }

    [Fact]
    public void Expiry_FollowedByRestart_IsNoLongerCurrent()
    {
        var clock = new ManualTimeProvider();
        var expiries = new List<ArtimExpiry>();
        using var timer = new ArtimTimer(clock, Timeout, expiries.Add);

        timer.Start();
        clock.Advance(Timeout);
        timer.Start();

        Assert.False(timer.IsCurrent(Assert.Single(expiries)));
        Assert.True(timer.IsRunning);
    }

    [Fact]
    public void Dispose_ReleasesTheTimerAndRefusesStart()
    {
        var clock = new ManualTimeProvider();
        var timer = new ArtimTimer(clock, Timeout, _ => { });
        timer.Start();

        timer.Dispose();
        timer.Stop();

        Assert.Equal(0, clock.LiveTimerCount);
        Assert.Throws<ObjectDisposedException>(timer.Start);
    }

    [Fact]
    public void Constructor_NonPositiveTimeout_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ArtimTimer(TimeProvider.System, TimeSpan.Zero, _ => { }));
    }

    [Fact]
    public async Task SystemClock_Expires()
    {
        var expired = new TaskCompletionSource<ArtimExpiry>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = new ArtimTimer(TimeProvider.System, TimeSpan.FromMilliseconds(20), e => expired.TrySetResult(e));

        timer.Start();
        var expiry = await expired.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(timer.IsCurrent(expiry));
    }
}
