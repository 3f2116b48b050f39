namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// Which side of the association the local AE is on (PS3.8 §7.1): the requestor issued the A-ASSOCIATE request,
/// the acceptor answered one. The role picks the branch of AR-8 in a release collision (PS3.8 Table 9-8).
/// </summary>
internal enum AssociationRole
{
    /// <summary>The local AE issued the A-ASSOCIATE request (it went through Sta4 and Sta5).</summary>
    Requestor = 1,

    /// <summary>The local AE received the A-ASSOCIATE-RQ PDU (it went through Sta2 and Sta3).</summary>
    Acceptor,
}
