namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// The actions of the DICOM upper layer protocol machine, named as in PS3.8 Tables 9-6 to 9-9
/// (AE1 is the standard's AE-1, and so on). Each member quotes the standard's action and its next state.
/// </summary>
/// <remarks>
/// The next state of every action is fixed except two: AE-6 (Sta3 or Sta13, on whether the service provider
/// finds the A-ASSOCIATE-RQ acceptable) and AR-8 (Sta9 or Sta10, on whether the local AE is the association
/// requestor). <see cref="UpperLayerStateMachine"/> resolves both.
/// </remarks>
internal enum UpperLayerAction
{
    // PS3.8 Table 9-6: Association establishment related actions.

    /// <summary>AE-1: Issue TRANSPORT CONNECT request primitive to local transport service. Next state: Sta4.</summary>
    AE1 = 1,

    /// <summary>AE-2: Send A-ASSOCIATE-RQ PDU. Next state: Sta5.</summary>
    AE2,

    /// <summary>AE-3: Issue A-ASSOCIATE confirmation (accept) primitive. Next state: Sta6.</summary>
    AE3,

    /// <summary>AE-4: Issue A-ASSOCIATE confirmation (reject) primitive and close transport connection. Next state: Sta1.</summary>
    AE4,

    /// <summary>AE-5: Issue transport connection response primitive; start ARTIM timer. Next state: Sta2.</summary>
    AE5,

    /// <summary>
    /// AE-6: Stop ARTIM timer and if A-ASSOCIATE-RQ acceptable by service-provider: issue A-ASSOCIATE indication
    /// primitive, next state Sta3; otherwise: issue A-ASSOCIATE-RJ PDU and start ARTIM timer, next state Sta13.
    /// </summary>
    AE6,

    /// <summary>AE-7: Send A-ASSOCIATE-AC PDU. Next state: Sta6.</summary>
    AE7,

    /// <summary>AE-8: Send A-ASSOCIATE-RJ PDU and start ARTIM timer. Next state: Sta13.</summary>
    AE8,

    // PS3.8 Table 9-7: Data transfer related actions.

    /// <summary>DT-1: Send P-DATA-TF PDU. Next state: Sta6.</summary>
    DT1,

    /// <summary>DT-2: Send P-DATA indication primitive. Next state: Sta6.</summary>
    DT2,

    // PS3.8 Table 9-8: Association release related actions.

    /// <summary>AR-1: Send A-RELEASE-RQ PDU. Next state: Sta7.</summary>
    AR1,

    /// <summary>AR-2: Issue A-RELEASE indication primitive. Next state: Sta8.</summary>
    AR2,

    /// <summary>AR-3: Issue A-RELEASE confirmation primitive, and close transport connection. Next state: Sta1.</summary>
    AR3,

    /// <summary>AR-4: Issue A-RELEASE-RP PDU and start ARTIM timer. Next state: Sta13.</summary>
    AR4,

    /// <summary>AR-5: Stop ARTIM timer. Next state: Sta1.</summary>
    AR5,

    /// <summary>AR-6: Issue P-DATA indication. Next state: Sta7.</summary>
    AR6,

    /// <summary>AR-7: Issue P-DATA-TF PDU. Next state: Sta8.</summary>
    AR7,

    /// <summary>
    /// AR-8: Issue A-RELEASE indication (release collision): if association-requestor, next state is Sta9;
    /// if not, next state is Sta10.
    /// </summary>
    AR8,

    /// <summary>AR-9: Send A-RELEASE-RP PDU. Next state: Sta11.</summary>
    AR9,

    /// <summary>AR-10: Issue A-RELEASE confirmation primitive. Next state: Sta12.</summary>
    AR10,

    // PS3.8 Table 9-9: Association abort related actions.

    /// <summary>
    /// AA-1: Send A-ABORT PDU (service-user source) and start (or restart if already started) ARTIM timer.
    /// Next state: Sta13.
    /// </summary>
    AA1,

    /// <summary>AA-2: Stop ARTIM timer if running. Close transport connection. Next state: Sta1.</summary>
    AA2,

    /// <summary>
    /// AA-3: If (service-user initiated abort): issue A-ABORT indication and close transport connection;
    /// otherwise (service-provider initiated abort): issue A-P-ABORT indication and close transport connection.
    /// Next state: Sta1.
    /// </summary>
    AA3,

    /// <summary>AA-4: Issue A-P-ABORT indication primitive. Next state: Sta1.</summary>
    AA4,

    /// <summary>AA-5: Stop ARTIM timer. Next state: Sta1.</summary>
    AA5,

    /// <summary>AA-6: Ignore PDU. Next state: Sta13.</summary>
    AA6,

    /// <summary>AA-7: Send A-ABORT PDU. Next state: Sta13.</summary>
    AA7,

    /// <summary>AA-8: Send A-ABORT PDU (service-provider source), issue an A-P-ABORT indication, and start ARTIM timer. Next state: Sta13.</summary>
    AA8,
}
