namespace DicomNode.Workflow.Retention;

/// <summary>What one retention sweep removed; <see cref="ForSpace"/> counts the studies and job folders removed for free space before their time.</summary>
public sealed record RetentionReport(int Studies, int Instances, int JobFolders, int DeliveredRecords, long Bytes, int ForSpace)
{
    public static readonly RetentionReport Nothing = new(0, 0, 0, 0, 0, 0);

    public bool RemovedAnything => Studies + JobFolders + DeliveredRecords > 0;

    public RetentionReport Add(RetentionReport other) => new(
        Studies + other.Studies, Instances + other.Instances, JobFolders + other.JobFolders,
        DeliveredRecords + other.DeliveredRecords, Bytes + other.Bytes, ForSpace + other.ForSpace);
}
