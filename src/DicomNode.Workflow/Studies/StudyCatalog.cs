using DicomNode.Workflow.Database;

namespace DicomNode.Workflow.Studies;

/// <summary>A received study as the index knows it: who sent it, when, how much, and one of its files (to read its header).</summary>
public sealed record ReceivedStudy(
    string StudyInstanceUid, string CallingAeTitle, DateTimeOffset FirstReceivedAt, DateTimeOffset LastReceivedAt,
    int SeriesCount, int InstanceCount, long Bytes, string? AnyInstancePath, long? LatestJobId);

/// <summary>The received studies, newest first, for the operator's views (the web console). Read-only.</summary>
public sealed class StudyCatalog(NodeDatabase database)
{
    public IReadOnlyList<ReceivedStudy> Recent(int limit = 100)
    {
        using var connection = database.OpenConnection();
        return connection.Query(null,
            """
            SELECT s.study_uid, s.calling_ae, s.first_received_at, s.last_received_at,
                   (SELECT COUNT(DISTINCT i.series_uid) FROM instances i WHERE i.study_uid = s.study_uid),
                   (SELECT COUNT(*) FROM instances i WHERE i.study_uid = s.study_uid),
                   (SELECT COALESCE(SUM(i.size), 0) FROM instances i WHERE i.study_uid = s.study_uid),
                   (SELECT i.path FROM instances i WHERE i.study_uid = s.study_uid ORDER BY i.id LIMIT 1),
                   (SELECT MAX(j.id) FROM jobs j WHERE j.study_uid = s.study_uid)
            FROM studies s ORDER BY s.last_received_at DESC, s.study_uid LIMIT $limit
            """,
            r => new ReceivedStudy(r.GetString(0), r.GetString(1), SqliteExtensions.FromUnixMs(r.Int64(2)), SqliteExtensions.FromUnixMs(r.Int64(3)),
                r.Int32(4), r.Int32(5), r.Int64(6), r.StringOrNull(7), r.Int64OrNull(8)),
            ("$limit", limit));
    }
}
