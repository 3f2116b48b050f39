namespace DicomNode.Dicom.Tests.Fuzz;

/// <summary>What a run did: inputs read and rejected, time, the slowest case and the allocation closest to its bound.</summary>
internal sealed record FuzzResult(
    FuzzFailure? Failure, long Read, long Rejected, TimeSpan Elapsed, TimeSpan Slowest, long WorstAllocation, long WorstAllocationBound);
