namespace DicomNode.Dicom.Network.Acse;

/// <summary>What an acceptor agrees to: its AE title, its callers, its SOP classes and transfer syntaxes, its limits.</summary>
public sealed record AssociationPolicyOptions
{
    /// <summary>Our AE title; a request calling any other is rejected (PS3.8 Table 9-21, reason 7).</summary>
    public required string AeTitle { get; init; }

    /// <summary>Callers allowed to associate; empty admits none unless <see cref="AcceptAnyCaller"/> is set.</summary>
    public IReadOnlyList<AcceptedCaller> AcceptedCallers { get; init; } = Array.Empty<AcceptedCaller>();

    /// <summary>Admits any calling AE title, whatever <see cref="AcceptedCallers"/> lists; off unless asked for.</summary>
    public bool AcceptAnyCaller { get; init; }

    /// <summary>Abstract syntaxes we serve, each with the transfer syntaxes we accept in our order of preference.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> SupportedAbstractSyntaxes { get; init; }

    /// <summary>Associations served at once; one more is rejected transiently with "local limit exceeded".</summary>
    public int MaxAssociations { get; init; } = 16;

    /// <summary>Associations one calling AE title may hold at once; one more is rejected transiently.</summary>
    public int MaxAssociationsPerCaller { get; init; } = 8;

    /// <summary>Associations one peer address may hold at once, whatever AE titles it calls with.</summary>
    public int MaxAssociationsPerAddress { get; init; } = 8;

    /// <summary>The largest P-DATA-TF PDU we receive, announced in the A-ASSOCIATE-AC.</summary>
    public uint MaxPduLength { get; init; } = 256 * 1024;
}
