namespace DicomNode.Service.Configuration;

/// <summary>
/// The node's configuration: appsettings.json, then --config FILE, then environment variables with the
/// prefix DICOMNODE_ and "__" between sections (DICOMNODE_Node__Port=11112). Section and key names here
/// are the contract the installer's appsettings.json and the conformance statement follow.
/// </summary>
public sealed class NodeSettings
{
    public NodeSection Node { get; set; } = new();

    /// <summary>Calling AE titles allowed to send to us; empty accepts no caller unless <see cref="AcceptAnyCaller"/> is true.</summary>
    public List<CallerSettings> AcceptedCallers { get; set; } = new();

    /// <summary>Accepts any calling AE title from any address; only when set to true explicitly.</summary>
    public bool AcceptAnyCaller { get; set; }

    /// <summary>Where results can be sent, by name.</summary>
    public List<DestinationSettings> Destinations { get; set; } = new();

    public RoutingSettings Routing { get; set; } = new();

    public InboxSettings Inbox { get; set; } = new();

    public StudyAssemblySettings StudyAssembly { get; set; } = new();

    public JobSettings Jobs { get; set; } = new();

    public ModelSettings Models { get; set; } = new();

    public AnalysisSettings Analysis { get; set; } = new();

    public OutboxSettings Outbox { get; set; } = new();

    public RetentionSettings Retention { get; set; } = new();

    public DatabaseSettings Database { get; set; } = new();

    public ConsoleSettings Console { get; set; } = new();

    public HttpSettings Http { get; set; } = new();

    public LogSettings Log { get; set; } = new();
}

/// <summary>The node's own DICOM identity and listener.</summary>
public sealed class NodeSection
{
    public string AeTitle { get; set; } = "DICOMNODE";

    public int Port { get; set; } = 11112;

    /// <summary>0.0.0.0 (IPv4), :: (IPv6 and IPv4) or one interface's address.</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>
    /// Inbox, database, outbox, jobs and logs live under this folder. Nodes sharing a PostgreSQL database (Database:Provider)
    /// must all see the same folder at the same path (a shared file system): the index names files by their path.
    /// </summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// This node's name among the nodes sharing a database, in the claims it holds on jobs and deliveries. Empty gives host
    /// name and process id: unique, but a restarted node then waits for its old claims' lease to expire instead of taking
    /// them back at once. Two nodes must never have the same Id.
    /// </summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>
    /// What this node does, any of receive (the DICOM listener: the inbox and study assembly), analyse (the job runner) and
    /// deliver (the outbox). Empty (the default) is all three; a node with fewer roles is useful only on a shared database.
    /// </summary>
    public List<string> Roles { get; set; } = new();

    /// <summary>Associations served at once; a listed caller holding none is accepted above it (its reserved slot).</summary>
    public int MaxAssociations { get; set; } = 16;

    /// <summary>Associations one calling AE title may hold at once.</summary>
    public int MaxAssociationsPerCaller { get; set; } = 8;

    /// <summary>Associations one peer address may hold at once.</summary>
    public int MaxAssociationsPerAddress { get; set; } = 8;

    /// <summary>Connections held without an A-ASSOCIATE-RQ; a new one beyond it closes the oldest (read at start).</summary>
    public int MaxPendingConnections { get; set; } = 64;

    /// <summary>Connections from one address held without an A-ASSOCIATE-RQ; beyond it that address's oldest is closed (read at start).</summary>
    public int MaxPendingConnectionsPerAddress { get; set; } = 8;

    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>ARTIM: seconds a new connection may wait before its A-ASSOCIATE-RQ (and a closing one for the peer's close).</summary>
    public int ArtimTimeoutSeconds { get; set; } = 10;

    public int IdleTimeoutSeconds { get; set; } = 300;

    /// <summary>An association older than this is aborted whatever it does (no keep-alive holds a slot longer).</summary>
    public int MaxAssociationSeconds { get; set; } = 7200;

    public TlsSettings Tls { get; set; } = new();
}

/// <summary>TLS for the listener (PS3.15 BCP 195 profiles).</summary>
public sealed class TlsSettings
{
    public bool Enabled { get; set; }

    public string? CertificatePath { get; set; }

    public string? KeyPath { get; set; }

    public string? Password { get; set; }

    public string? TrustedCertificatesPath { get; set; }

    public bool RequireClientCertificate { get; set; }
}

/// <summary>An accepted caller, optionally bound to a host address, with its own quiet period and result destination.</summary>
public sealed class CallerSettings
{
    public string AeTitle { get; set; } = string.Empty;

    /// <summary>The caller's IP address; empty accepts the AE title from any address.</summary>
    public string? Host { get; set; }

    /// <summary>Overrides StudyAssembly:QuietPeriodSeconds for this caller.</summary>
    public int? QuietPeriodSeconds { get; set; }

    /// <summary>Name of the destination this caller's results go to; empty uses Routing:DefaultDestination.</summary>
    public string? Destination { get; set; }
}

/// <summary>A named DICOM peer that receives results.</summary>
public sealed class DestinationSettings
{
    public string Name { get; set; } = string.Empty;

    public string AeTitle { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 104;

    public bool Tls { get; set; }

    /// <summary>PEM file of the certificates trusted for this destination (TLS only).</summary>
    public string? TrustedCertificatesPath { get; set; }

    /// <summary>The results this destination is sent: any of Seg, Sr, KeyImages, Pdf; empty or absent sends Seg, Sr and KeyImages.</summary>
    public List<string>? Outputs { get; set; }
}

public sealed class RoutingSettings
{
    /// <summary>The destination for results of callers that name none; empty sends nowhere.</summary>
    public string? DefaultDestination { get; set; }
}

public sealed class InboxSettings
{
    /// <summary>Below this much free space C-STORE is answered A700 (out of resources).</summary>
    public long MinimumFreeMegabytes { get; set; } = 1024;

    /// <summary>
    /// Largest instance accepted, as received and, for a Deflated one, as inflated (checked while inflating); a larger
    /// one is answered A700 and its file deleted at once. MB (2^20 bytes).
    /// </summary>
    public long MaxInstanceMegabytes { get; set; } = 2048;
}

public sealed class StudyAssemblySettings
{
    /// <summary>A study is complete after this many seconds without a new instance.</summary>
    public int QuietPeriodSeconds { get; set; } = 30;
}

public sealed class JobSettings
{
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// "analysis" (default: segmentation with the configured models, SEG and SR sent back), "record" (records the
    /// series a job would analyse, sends nothing) or "echo" (a round trip: one derived copy per series sent back).
    /// </summary>
    public string Pipeline { get; set; } = "analysis";

    /// <summary>Seconds the echo pipeline waits before answering, standing in for inference time.</summary>
    public int EchoDelaySeconds { get; set; }
}

public sealed class OutboxSettings
{
    public int InitialRetrySeconds { get; set; } = 10;

    public int MaxRetrySeconds { get; set; } = 3600;

    /// <summary>An item still undelivered after this many hours is marked failed.</summary>
    public int MaxAgeHours { get; set; } = 24;
}

/// <summary>
/// How long received studies, job folders and delivered-result records are kept; 0 keeps that kind for ever. Nothing
/// in use or undelivered is ever removed.
/// </summary>
public sealed class RetentionSettings
{
    /// <summary>Days a received study stays in the inbox after its last instance arrived.</summary>
    public int InboxDays { get; set; } = 7;

    /// <summary>Days a finished job's working folder stays.</summary>
    public int JobFolderDays { get; set; } = 30;

    /// <summary>Days the record of a delivered result stays in the outbox list.</summary>
    public int DeliveredRecordDays { get; set; } = 90;

    /// <summary>Below this much free space the oldest removable studies and job folders go before their time; 0 turns it off.</summary>
    public long MinimumFreeMegabytes { get; set; } = 2048;

    /// <summary>Minutes between two sweeps.</summary>
    public int IntervalMinutes { get; set; } = 60;
}

/// <summary>The web console on the HTTP port (localhost only): off until an administrator password is set.</summary>
public sealed class ConsoleSettings
{
    /// <summary>The administrator's password as `dicomnode config set-admin-password` stores it (salted PBKDF2); empty: the console only says how to set one.</summary>
    public string? AdminPasswordHash { get; set; }
}

public sealed class HttpSettings
{
    /// <summary>Port of /health, /metrics and the web console on localhost; 0 turns them off.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>Serve that port with HTTPS, with the node's certificate (Node:Tls:CertificatePath, :KeyPath, :Password).</summary>
    public bool Https { get; set; }

    /// <summary>The scheme and authority the port answers on, e.g. "https://127.0.0.1:8080".</summary>
    public string BaseUrl => $"{(Https ? "https" : "http")}://127.0.0.1:{Port}";
}

public sealed class LogSettings
{
    /// <summary>"plain" or "json" for the rolling log files.</summary>
    public string Format { get; set; } = "plain";

    /// <summary>Minimum level: Verbose, Debug, Information, Warning, Error, Fatal.</summary>
    public string Level { get; set; } = "Information";

    /// <summary>Folder of the rolling logs and the association audit log; empty uses logs/ under Node:DataDirectory.</summary>
    public string? Directory { get; set; }

    /// <summary>The folder the logs go to: <see cref="Directory"/>, or logs/ under the data folder.</summary>
    public string ResolveDirectory(string dataDirectory) =>
        string.IsNullOrWhiteSpace(Directory) ? System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), "logs") : System.IO.Path.GetFullPath(Directory);

    /// <summary>Audit files (audit-YYYYMMDD.jsonl) of days this far back or further are deleted; 1 to 3650.</summary>
    public int AuditRetentionDays { get; set; } = 90;

    /// <summary>Associations of one kind from one address audited line by line per minute; more are counted in one summary line.</summary>
    public int AuditRepeatLimit { get; set; } = 10;

    /// <summary>Association lines the audit writes per minute in all; more are counted in summary lines.</summary>
    public int AuditLinesPerMinute { get; set; } = 600;
}

/// <summary>The segmentation models: the manifest and where inference runs.</summary>
public sealed class ModelSettings
{
    /// <summary>Path of the model manifest (models.json); empty for the bundled demonstration models next to the executable.</summary>
    public string Manifest { get; set; } = string.Empty;

    /// <summary>cpu, cuda, tensorrt or auto (CUDA when it starts, else the CPU; logged and in /metrics).</summary>
    public string ExecutionProvider { get; set; } = "cpu";

    /// <summary>The GPU CUDA and TensorRT run on (0 the first).</summary>
    public int DeviceId { get; set; }

    /// <summary>Threads inside one operator; 0 lets ONNX Runtime choose (all cores).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>
    /// How many of a study's model runs go at once (a run waits for its cascade parent); 0 automatic: 2 on the CPU
    /// with two or more logical processors, else 1. With more than one on the CPU and IntraOpThreads automatic, each
    /// session gets the processors divided by this number, and a run that starts with no other run ready (a study's last)
    /// the shares of the places left free.
    /// </summary>
    public int ConcurrentRuns { get; set; }

    /// <summary>Why the manifest cannot be used (it does not exist), naming the key and the fix; null when it can.</summary>
    public string? ManifestProblem() => File.Exists(ResolveManifest())
        ? null
        : $"Models:Manifest '{ResolveManifest()}' does not exist; point it at a models.json or leave it empty for the bundled models.";

    /// <summary>The manifest file this configuration names, resolved.</summary>
    public string ResolveManifest() => string.IsNullOrWhiteSpace(Manifest)
        ? System.IO.Path.Combine(AppContext.BaseDirectory, "models", "models.json")
        : System.IO.Path.GetFullPath(Manifest);
}

/// <summary>The clinical method's thresholds (DESIGN.md), recorded in every report.</summary>
public sealed class AnalysisSettings
{
    /// <summary>Metastases smaller than this (cm³) are discarded.</summary>
    public double MinimumMetastasisVolumeCm3 { get; set; } = 0.2;

    /// <summary>A lymph node whose short axis exceeds this (mm) is suspicious.</summary>
    public double SuspiciousShortAxisMm { get; set; } = 8.0;

    /// <summary>
    /// The DWI series and its ADC map, when they are one acquisition (one frame of reference, one voxel grid), get one
    /// bone segmentation from the bone model's probabilities on both; false segments each on its own.
    /// </summary>
    public bool ShareBonesWithinAcquisition { get; set; } = true;

    /// <summary>
    /// The DWI b-values (s/mm²) the models expect: an acquired trace-weighted image in this window is chosen first; a
    /// higher, a scanner-calculated or a lower b-value only when none is in it, and the job's log says so.
    /// </summary>
    public double TargetBValueMin { get; set; } = 800;

    /// <summary>Upper end of the target b-value window; see <see cref="TargetBValueMin"/>.</summary>
    public double TargetBValueMax { get; set; } = 1000;
}

/// <summary>
/// The store of the index, jobs and outbox: SQLite in node.db (default; one node) or a PostgreSQL server several nodes
/// share (see docs/scale-out.md).
/// </summary>
public sealed class DatabaseSettings
{
    /// <summary>sqlite or postgresql.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>For postgresql, the Npgsql connection string (the password best in a password file); empty for sqlite.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Seconds a node's claim on a job or a delivery lasts unless renewed; a dead node's work waits this long at most.</summary>
    public int LeaseSeconds { get; set; } = 120;
}
