using DicomNode.Dicom.Network.Services;
using DicomNode.Service.Observability;
using DicomNode.Workflow.Tests.Support;

namespace DicomNode.Service.Tests.Observability;

public sealed class AuditLogTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("dicomnode-audit-").FullName;
    private readonly FakeTimeProvider _time = new(Start);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void ConnectAndCloseFlood_From1Address_For20Seconds_WritesAtMostRepeatLimitPlusOneLines()
    {
        // 3,000 connect-and-close a second for 20 s: what an attacker's loop managed against the node.
        const int Associations = 60_000;
        using (var audit = new AuditLog(_folder, new NodeMetrics(), _time))
        {
            for (var i = 0; i < Associations; i++)
            {
                audit.AssociationEnded(NoRequest("203.0.113.7", i));
                _time.Advance(TimeSpan.FromMilliseconds(1.0 / 3));
            }

            // The minute ends: its summary line is written on time, not at the next association.
            _time.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(Associations - 10, audit.Suppressed);
        }

        var lines = AllLines();
        Assert.Equal(11, lines.Length);
        var summary = Assert.Single(lines, l => l.Contains("\"summary\":true", StringComparison.Ordinal));
        Assert.Contains("\"associations\":59990", summary, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"no-request\"", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectAndCloseFlood_FromManyAddresses_WritesAtMostTheStatedBoundPerMinute()
    {
        const int Associations = 60_000;
        var options = new AuditLogOptions();
        using (var audit = new AuditLog(_folder, new NodeMetrics(), _time, options))
        {
            for (var i = 0; i < Associations; i++)
            {
                audit.AssociationEnded(NoRequest($"10.{i / 65536 % 256}.{i / 256 % 256}.{i % 256}", i));
                _time.Advance(TimeSpan.FromMilliseconds(1.0 / 3));
            }
        }

        // 20 s inside one minute: the per-minute bound of the conformance statement.
        var bound = options.LinesPerMinute + options.MaxSummaryLines + 1;
        Assert.Equal(701, bound);
        Assert.InRange(AllLines().Length, options.LinesPerMinute, bound);
    }

    [Fact]
    public void AcceptedAssociationsThatStoredInstances_AreEachWritten()
    {
        using (var audit = new AuditLog(_folder, new NodeMetrics(), _time))
        {
            for (var i = 0; i < 50; i++)
            {
                audit.AssociationEnded(Accepted("192.0.2.10", stored: 3));
            }
        }

        Assert.Equal(50, AllLines().Length);
    }

    [Fact]
    public void Retention_DeletesFilesOlderThanTheRetention_AndKeepsRecentOnes()
    {
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        foreach (var daysAgo in new[] { 0, 1, 89, 90, 91, 400 })
        {
            File.WriteAllText(Path.Combine(_folder, $"audit-{today.AddDays(-daysAgo):yyyyMMdd}.jsonl"), "{}\n");
        }

        File.WriteAllText(Path.Combine(_folder, "audit-notes.jsonl"), "kept: not a dated audit file\n");

        using (new AuditLog(_folder, new NodeMetrics(), _time, new AuditLogOptions { RetentionDays = 90 }))
        {
        }

        var kept = Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var expected = new[] { 0, 1, 89 }.Select(d => $"audit-{today.AddDays(-d):yyyyMMdd}.jsonl").Append("audit-notes.jsonl").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, kept);
    }

    [Fact]
    public void Retention_AppliesAgainWhenANewDayBegins()
    {
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        var oldest = Path.Combine(_folder, $"audit-{today.AddDays(-1):yyyyMMdd}.jsonl");
        File.WriteAllText(oldest, "{}\n");
        using var audit = new AuditLog(_folder, new NodeMetrics(), _time, new AuditLogOptions { RetentionDays = 2 });
        audit.AssociationEnded(Accepted("192.0.2.10", stored: 1));
        Assert.True(File.Exists(oldest));

        _time.Advance(TimeSpan.FromDays(1));
        audit.AssociationEnded(Accepted("192.0.2.10", stored: 1));

        Assert.False(File.Exists(oldest));
        Assert.True(File.Exists(Path.Combine(_folder, $"audit-{today.AddDays(1):yyyyMMdd}.jsonl")));
    }

    private string[] AllLines() => Directory.GetFiles(_folder, "audit-*.jsonl").SelectMany(File.ReadAllLines).ToArray();

    private AssociationRecord NoRequest(string peer, int i) =>
        new(_time.GetUtcNow(), _time.GetUtcNow(), null, null, peer, 40000 + (i % 20000), false, "no A-ASSOCIATE-RQ received", 0, "the connection closed without release");

    private AssociationRecord Accepted(string peer, int stored) =>
        new(_time.GetUtcNow(), _time.GetUtcNow(), "CT_SCANNER", "DICOMNODE", peer, 41000, true, "accepted 1 of 1 presentation contexts", stored, "released");
}
