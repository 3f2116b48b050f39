namespace DicomNode.Dicom.Network.Association;

/// <summary>Timers and limits of one association.</summary>
public sealed record AssociationOptions
{
    /// <summary>ARTIM (PS3.8 §9.1.5): how long we wait for an A-ASSOCIATE-RQ on a new connection, and for the peer to close after a release or abort.</summary>
    public TimeSpan ArtimTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An established association with no PDU from the peer for this long is aborted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// An accepted association older than this is aborted whatever it does, so that no keep-alive (a C-ECHO every few
    /// seconds) holds a slot for ever. Applies to associations we accept; infinite for none.
    /// </summary>
    public TimeSpan MaxAssociationAge { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How long a requestor waits for the A-ASSOCIATE-AC/RJ and for each DIMSE response.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest P-DATA-TF PDU we accept, announced to the peer (PS3.8 §D.1).</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;

    /// <summary>The largest A-ASSOCIATE-RQ/AC we accept; 128 presentation contexts with long UIDs fit well within it.</summary>
    public uint MaxAssociatePduLength { get; init; } = 64 * 1024;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tests only: called on the accepting thread once an acceptor's reader and event loop run.</summary>
    internal Action? LoopsStarted { get; init; }
}
