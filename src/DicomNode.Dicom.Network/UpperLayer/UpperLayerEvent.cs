namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// The events that drive the DICOM upper layer protocol machine, with the meanings of PS3.8 Table 9-2.
/// </summary>
/// <remarks>
/// Three kinds: primitives from the local user (Evt1, Evt7, Evt8, Evt9, Evt11, Evt14, Evt15), indications from the
/// local transport service and PDUs received on the connection (Evt2 to Evt6, Evt10, Evt12, Evt13, Evt16, Evt17,
/// Evt19), and the expiry of the ARTIM timer (Evt18).
/// </remarks>
internal enum UpperLayerEvent
{
    /// <summary>Evt1: A-ASSOCIATE request (local user).</summary>
    Evt1 = 1,

    /// <summary>Evt2: Transport connect confirmation (local transport service).</summary>
    Evt2,

    /// <summary>Evt3: A-ASSOCIATE-AC PDU (received on transport connection).</summary>
    Evt3,

    /// <summary>Evt4: A-ASSOCIATE-RJ PDU (received on transport connection).</summary>
    Evt4,

    /// <summary>Evt5: Transport connection indication (local transport service).</summary>
    Evt5,

    /// <summary>Evt6: A-ASSOCIATE-RQ PDU (received on transport connection).</summary>
    Evt6,

    /// <summary>Evt7: A-ASSOCIATE response primitive (accept).</summary>
    Evt7,

    /// <summary>Evt8: A-ASSOCIATE response primitive (reject).</summary>
    Evt8,

    /// <summary>Evt9: P-DATA request primitive.</summary>
    Evt9,

    /// <summary>Evt10: P-DATA-TF PDU (received on transport connection).</summary>
    Evt10,

    /// <summary>Evt11: A-RELEASE request primitive.</summary>
    Evt11,

    /// <summary>Evt12: A-RELEASE-RQ PDU (received on transport connection).</summary>
    Evt12,

    /// <summary>Evt13: A-RELEASE-RP PDU (received on transport connection).</summary>
    Evt13,

    /// <summary>Evt14: A-RELEASE response primitive.</summary>
    Evt14,

    /// <summary>Evt15: A-ABORT request primitive.</summary>
    Evt15,

    /// <summary>Evt16: A-ABORT PDU (received on transport connection).</summary>
    Evt16,

    /// <summary>Evt17: Transport connection closed indication (local transport service).</summary>
    Evt17,

    /// <summary>Evt18: ARTIM timer expired (association reject/release timer).</summary>
    Evt18,

    /// <summary>Evt19: Unrecognized or invalid PDU received.</summary>
    Evt19,
}
