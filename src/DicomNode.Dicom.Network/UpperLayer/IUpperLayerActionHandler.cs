namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// Carries out the actions of PS3.8 Tables 9-6 to 9-9 for <see cref="UpperLayerStateMachine"/>: sends PDUs,
/// issues primitives to the local user, opens and closes the transport connection, and starts and stops the
/// <see cref="ArtimTimer"/>. The state machine decides which action runs and what the next state is.
/// </summary>
internal interface IUpperLayerActionHandler
{
    /// <summary>
    /// The service provider's half of AE-6 (PS3.8 Table 9-6): whether the A-ASSOCIATE-RQ PDU just received is
    /// acceptable to the service provider (for example, a supported protocol version). Asked once per AE-6, before
    /// <see cref="Perform"/>. When it answers false the machine performs AE-6 towards Sta13, where the handler
    /// sends an A-ASSOCIATE-RJ PDU and starts the ARTIM timer instead of issuing an A-ASSOCIATE indication.
    /// </summary>
    bool IsAssociateRequestAcceptable();

    /// <summary>
    /// Carries out <paramref name="action"/>. <paramref name="nextState"/> is the state the machine enters once
    /// this returns; for the conditional actions it tells the handler which branch to take: AE-6 towards Sta3
    /// issues the A-ASSOCIATE indication, towards Sta13 sends the A-ASSOCIATE-RJ PDU; AR-8 issues the same
    /// A-RELEASE indication towards Sta9 and Sta10.
    /// </summary>
    /// <remarks>
    /// If this throws, the machine stays in its previous state and the exception reaches the caller of
    /// <see cref="UpperLayerStateMachine.Handle"/>. It must not call back into the machine.
    /// </remarks>
    void Perform(UpperLayerAction action, UpperLayerState nextState);
}
