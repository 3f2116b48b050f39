using System.Data.Common;
using DicomNode.Workflow.Database;

namespace DicomNode.Workflow.Inbox;

/// <summary>The studies, series and instances tables: what the inbox holds.</summary>
public sealed class InstanceIndex
{
    private const string Columns = "id, study_uid, series_uid, sop_instance_uid, sop_class_uid, (SELECT modality FROM series s WHERE s.series_uid = i.series_uid), path, calling_ae, received_at, size";
    private readonly NodeDatabase _database;

    public InstanceIndex(NodeDatabase database) => _database = database;

    /// <summary>
    /// How long a file another node is writing into the shared data folder may go untouched before this node's start-up
    /// recovery treats it as left by a crash; null on a database no other node shares (every leftover is this node's).
    /// </summary>
    internal TimeSpan? SharedFolderGrace => _database.Shared ? _database.Lease : null;

    /// <summary>
    /// Indexes a new instance in one transaction (study, series, instance). Returns it with its id, or
    /// null when an instance with that SOP Instance UID is already indexed (the first copy is kept) or
    /// when <see cref="Admit"/> would refuse it.
    /// </summary>
    public StoredInstance? Add(StoredInstance instance) => Admit(instance, patientId: null).Stored;

    /// <summary>
    /// Indexes a new instance in one transaction unless it would mix studies: a study belongs to the calling
    /// AE title of its first instance and to the Patient ID of its first instance (when given), and a series to
    /// its first study. An instance breaking one of these is not indexed and the refusal says why; an instance
    /// already indexed gives neither a stored instance nor a refusal.
    /// </summary>
    /// <param name="patientId">The instance's Patient ID (trimmed, empty when absent); null skips that check.</param>
    internal InstanceAdmission Admit(StoredInstance instance, string? patientId) =>
        _database.InTransaction((connection, transaction) => Admit(connection, transaction, instance, patientId));

    /// <summary>
    /// <see cref="Admit(StoredInstance, string?)"/> for a group of instances in one transaction, committed with
    /// synchronous=NORMAL (<see cref="InboxGroupCommit"/>): their files are already durable, and start-up indexes any
    /// file whose row a power cut took (<see cref="InboxRecovery"/>). One admission per instance, in order; an
    /// instance refused or already indexed does not affect the others.
    /// </summary>
    internal InstanceAdmission[] AdmitGroup(IReadOnlyList<(StoredInstance Instance, string? PatientId)> group) =>
        _database.InTransaction((connection, transaction) =>
        {
            // Every study of the group locked first, in one order, so two nodes committing groups cannot deadlock.
            foreach (var study in group.Select(g => g.Instance.StudyInstanceUid).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                _database.LockStudy(connection, transaction, study);
            }

            var admissions = new InstanceAdmission[group.Count];
            for (var i = 0; i < group.Count; i++)
            {
                admissions[i] = Admit(connection, transaction, group[i].Instance, group[i].PatientId);
            }

            return admissions;
        }, trailing: true);

    private InstanceAdmission Admit(DbConnection connection, DbTransaction transaction, StoredInstance instance, string? patientId)
    {
        // Several nodes may receive one study at once: the checks below and the writes after them are one step per study.
        _database.LockStudy(connection, transaction, instance.StudyInstanceUid);
        if (IsIndexed(connection, transaction, instance.SopInstanceUid))
        {
            return new InstanceAdmission(null, null);
        }

        if (Conflict(connection, transaction, instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.CallingAeTitle, patientId) is { } refusal)
        {
            return new InstanceAdmission(null, refusal);
        }

        var received = instance.ReceivedAt.ToUnixMs();
        connection.Execute(transaction,
            $"""
            INSERT INTO studies (study_uid, calling_ae, patient_id, first_received_at, last_received_at) VALUES ($study, $ae, $patient, $at, $at)
            ON CONFLICT (study_uid) DO UPDATE SET patient_id = COALESCE(studies.patient_id, excluded.patient_id),
                last_received_at = {_database.Greatest}(studies.last_received_at, excluded.last_received_at)
            """,
            ("$study", instance.StudyInstanceUid), ("$ae", instance.CallingAeTitle), ("$patient", patientId), ("$at", received));
        connection.Execute(transaction,
            "INSERT INTO series (series_uid, study_uid, modality) VALUES ($series, $study, $modality) ON CONFLICT (series_uid) DO NOTHING",
            ("$series", instance.SeriesInstanceUid), ("$study", instance.StudyInstanceUid), ("$modality", instance.Modality));
        var id = (long)connection.Scalar(transaction,
            """
            INSERT INTO instances (sop_instance_uid, sop_class_uid, series_uid, study_uid, path, calling_ae, received_at, size)
            VALUES ($sop, $class, $series, $study, $path, $ae, $at, $size) RETURNING id
            """,
            ("$sop", instance.SopInstanceUid), ("$class", instance.SopClassUid), ("$series", instance.SeriesInstanceUid),
            ("$study", instance.StudyInstanceUid), ("$path", instance.Path), ("$ae", instance.CallingAeTitle), ("$at", received), ("$size", instance.Size))!;
        return new InstanceAdmission(instance with { Id = id }, null);
    }

    /// <summary>
    /// The inbox's checks before an instance is written, on one connection: whether its SOP Instance UID is indexed already,
    /// and why it would mix studies, callers or patients (null when it would not). Read-only; the transaction that
    /// admits it checks again (<see cref="AdmitGroup"/>).
    /// </summary>
    internal (bool Indexed, string? Conflict) Precheck(string sopInstanceUid, string studyInstanceUid, string seriesInstanceUid, string callingAeTitle, string? patientId)
    {
        using var connection = _database.OpenReadConnection();
        if (IsIndexed(connection, null, sopInstanceUid))
        {
            return (true, null);
        }

        return (false, Conflict(connection, null, studyInstanceUid, seriesInstanceUid, callingAeTitle, patientId));
    }

    private static bool IsIndexed(DbConnection connection, DbTransaction? transaction, string sopInstanceUid) =>
        connection.Scalar(transaction, "SELECT 1 FROM instances WHERE sop_instance_uid = $sop", ("$sop", sopInstanceUid)) is not null;

    private static string? Conflict(DbConnection connection, DbTransaction? transaction, string study, string series, string callingAe, string? patientId)
    {
        var owner = connection.Query(transaction, "SELECT calling_ae, patient_id FROM studies WHERE study_uid = $study",
            r => (CallingAe: r.GetString(0), PatientId: r.StringOrNull(1)), ("$study", study)).FirstOrDefault();
        if (owner.CallingAe is not null && !string.Equals(owner.CallingAe, callingAe, StringComparison.Ordinal))
        {
            // Results go to the route of the study's caller: a second caller must never redirect them or add to them.
            return $"study {study} was sent by calling AE '{owner.CallingAe}'; instances of it from '{callingAe}' are refused";
        }

        if (patientId is not null && owner.PatientId is not null && !string.Equals(owner.PatientId, patientId, StringComparison.Ordinal))
        {
            // Patient data never reaches the log: say that they differ, not what they are.
            return $"the Patient ID (0010,0020) differs from that of study {study}'s earlier instances";
        }

        var seriesStudy = connection.Scalar(transaction, "SELECT study_uid FROM series WHERE series_uid = $series", ("$series", series)) as string;
        if (seriesStudy is not null && !string.Equals(seriesStudy, study, StringComparison.Ordinal))
        {
            return $"series {series} belongs to study {seriesStudy}, not {study}";
        }

        return null;
    }

    public StoredInstance? Find(string sopInstanceUid)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, $"SELECT {Columns} FROM instances i WHERE sop_instance_uid = $sop", Read, ("$sop", sopInstanceUid)).FirstOrDefault();
    }

    /// <summary>Every instance of a study, by series then arrival.</summary>
    public IReadOnlyList<StoredInstance> InstancesOfStudy(string studyInstanceUid)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, $"SELECT {Columns} FROM instances i WHERE study_uid = $study ORDER BY series_uid, id", Read, ("$study", studyInstanceUid));
    }

    /// <summary>Every instance of the given series.</summary>
    public IReadOnlyList<StoredInstance> InstancesOfSeries(string seriesInstanceUid)
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, $"SELECT {Columns} FROM instances i WHERE series_uid = $series ORDER BY id", Read, ("$series", seriesInstanceUid));
    }

    public long Count()
    {
        using var connection = _database.OpenConnection();
        return (long)connection.Scalar(null, "SELECT COUNT(*) FROM instances")!;
    }

    /// <summary>Studies holding instances newer than their last job: after a restart these are assembled again.</summary>
    public IReadOnlyList<Studies.PendingStudy> PendingStudies()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null,
            """
            SELECT s.study_uid, s.calling_ae, s.last_received_at FROM studies s
            WHERE (SELECT MAX(id) FROM instances i WHERE i.study_uid = s.study_uid) > s.assembled_through
            ORDER BY s.last_received_at
            """,
            r => new Studies.PendingStudy(r.GetString(0), r.GetString(1), SqliteExtensions.FromUnixMs(r.Int64(2))));
    }

    internal HashSet<string> AllSopInstanceUids()
    {
        using var connection = _database.OpenConnection();
        return connection.Query(null, "SELECT sop_instance_uid FROM instances", r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
    }

    internal static StoredInstance Read(DbDataReader r) => new(
        r.Int64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.StringOrNull(5), r.GetString(6), r.GetString(7),
        SqliteExtensions.FromUnixMs(r.Int64(8)), r.Int64(9));
}
