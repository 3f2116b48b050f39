using DicomNode.Dicom.Network.Dimse;

namespace DicomNode.Dicom.Network.Association;

/// <summary>
/// Receives C-STORE data sets as they stream in (PS3.4 Annex B). The status the sink returns from
/// <see cref="ICStoreSink.CompleteAsync"/> is what the SCU receives, so it must be success only once the
/// instance is safe.
/// </summary>
public interface ICStoreHandler
{
    ValueTask<ICStoreSink> BeginStoreAsync(CStoreRequestContext request, CancellationToken cancellationToken);
}

/// <summary>One incoming instance: fragments in order, then completion or abandonment.</summary>
public interface ICStoreSink : IAsyncDisposable
{
    /// <summary>The next bytes of the data set; <paramref name="fragment"/> is lent until the returned task completes (its buffer is pooled), so a sink that keeps bytes copies them.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> fragment, CancellationToken cancellationToken);

    /// <summary>The whole data set has arrived; returns the C-STORE status to answer.</summary>
    ValueTask<DimseStatus> CompleteAsync(CancellationToken cancellationToken);
}

/// <summary>What is known about an incoming C-STORE when its command arrives.</summary>
public sealed record CStoreRequestContext(
    AssociationInfo Association,
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntaxUid,
    ushort MessageId,
    ushort Priority,
    string? MoveOriginatorAeTitle);
