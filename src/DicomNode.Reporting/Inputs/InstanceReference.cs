namespace DicomNode.Reporting.Inputs;

/// <summary>One instance of the study, as an SR lists its evidence.</summary>
public sealed record InstanceReference(string SeriesInstanceUid, string SopClassUid, string SopInstanceUid);
