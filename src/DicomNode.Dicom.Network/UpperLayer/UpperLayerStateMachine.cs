namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// The DICOM upper layer protocol machine of PS3.8 §9.2: a current state, the transition table
/// (<see cref="UpperLayerStateTable"/>, PS3.8 Table 9-10) and the next state of each action (PS3.8 Tables 9-6
/// to 9-9). The work of each action is done by an <see cref="IUpperLayerActionHandler"/>.
/// </summary>
/// <remarks>
/// Synchronous, deterministic and not thread-safe: the association runtime serialises every event (user
/// primitives, received PDUs, transport indications, ARTIM expiry) into one consumer that calls
/// <see cref="Handle"/>. A call from inside the handler is refused.
/// </remarks>
internal sealed class UpperLayerStateMachine
{
    private readonly IUpperLayerActionHandler _handler;
    private bool _handling;

    /// <summary>A machine in Sta1 (idle), PS3.8 §9.2.</summary>
    public UpperLayerStateMachine(IUpperLayerActionHandler handler)
        : this(handler, UpperLayerState.Sta1, role: null)
    {
    }

    /// <summary>
    /// A machine starting in <paramref name="initialState"/>, for tests that check one transition. A state past
    /// association establishment needs the <paramref name="role"/> the machine would have learned on the way,
    /// or AR-8 cannot choose between Sta9 and Sta10.
    /// </summary>
    internal UpperLayerStateMachine(IUpperLayerActionHandler handler, UpperLayerState initialState, AssociationRole? role)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (initialState is < UpperLayerState.Sta1 or > UpperLayerState.Sta13)
        {
            throw new ArgumentOutOfRangeException(nameof(initialState), initialState, "Not a PS3.8 Table 9-1 state.");
        }

        _handler = handler;
        State = initialState;
        Role = role;
    }

    /// <summary>The current state.</summary>
    public UpperLayerState State { get; private set; }

    /// <summary>
    /// The local AE's side of the association: set to requestor by AE-1 (the local user's A-ASSOCIATE request)
    /// and to acceptor by AE-5 (an incoming transport connection); null before either.
    /// </summary>
    public AssociationRole? Role { get; private set; }

    /// <summary>
    /// Handles one event: looks up the action in PS3.8 Table 9-10, resolves its next state, has the handler
    /// perform it, then enters the next state.
    /// </summary>
    /// <returns>The action performed.</returns>
    /// <exception cref="InvalidOperationException">
    /// The standard leaves the cell for this event in the current state blank (see
    /// <see cref="UpperLayerStateTable"/>), or the call came from inside the handler.
    /// </exception>
    public UpperLayerAction Handle(UpperLayerEvent evt)
    {
        if (_handling)
        {
            throw new InvalidOperationException(
                $"{evt} raised while an action was running; the association runtime must serialise events.");
        }

        var action = UpperLayerStateTable.Lookup(State, evt)
            ?? throw new InvalidOperationException(
                $"{evt} cannot occur in {State}: PS3.8 Table 9-10 defines no action for it.");

        _handling = true;
        try
        {
            var next = NextState(action);
            _handler.Perform(action, next);
            State = next;
            Role = action switch
            {
                UpperLayerAction.AE1 => AssociationRole.Requestor,
                UpperLayerAction.AE5 => AssociationRole.Acceptor,
                _ => Role,
            };
            return action;
        }
        finally
        {
            _handling = false;
        }
    }

    /// <summary>The next state of each action, PS3.8 Tables 9-6 to 9-9.</summary>
    private UpperLayerState NextState(UpperLayerAction action) => action switch
    {
        // Table 9-6
        UpperLayerAction.AE1 => UpperLayerState.Sta4,
        UpperLayerAction.AE2 => UpperLayerState.Sta5,
        UpperLayerAction.AE3 => UpperLayerState.Sta6,
        UpperLayerAction.AE4 => UpperLayerState.Sta1,
        UpperLayerAction.AE5 => UpperLayerState.Sta2,
        UpperLayerAction.AE6 => _handler.IsAssociateRequestAcceptable() ? UpperLayerState.Sta3 : UpperLayerState.Sta13,
        UpperLayerAction.AE7 => UpperLayerState.Sta6,
        UpperLayerAction.AE8 => UpperLayerState.Sta13,

        // Table 9-7
        UpperLayerAction.DT1 => UpperLayerState.Sta6,
        UpperLayerAction.DT2 => UpperLayerState.Sta6,

        // Table 9-8
        UpperLayerAction.AR1 => UpperLayerState.Sta7,
        UpperLayerAction.AR2 => UpperLayerState.Sta8,
        UpperLayerAction.AR3 => UpperLayerState.Sta1,
        UpperLayerAction.AR4 => UpperLayerState.Sta13,
        UpperLayerAction.AR5 => UpperLayerState.Sta1,
        UpperLayerAction.AR6 => UpperLayerState.Sta7,
        UpperLayerAction.AR7 => UpperLayerState.Sta8,
        UpperLayerAction.AR8 => Role switch
        {
            AssociationRole.Requestor => UpperLayerState.Sta9,
            AssociationRole.Acceptor => UpperLayerState.Sta10,
            _ => throw new InvalidOperationException("AR-8 needs the association role, and the machine has none."),
        },
        UpperLayerAction.AR9 => UpperLayerState.Sta11,
        UpperLayerAction.AR10 => UpperLayerState.Sta12,

        // Table 9-9
        UpperLayerAction.AA1 => UpperLayerState.Sta13,
        UpperLayerAction.AA2 => UpperLayerState.Sta1,
        UpperLayerAction.AA3 => UpperLayerState.Sta1,
        UpperLayerAction.AA4 => UpperLayerState.Sta1,
        UpperLayerAction.AA5 => UpperLayerState.Sta1,
        UpperLayerAction.AA6 => UpperLayerState.Sta13,
        UpperLayerAction.AA7 => UpperLayerState.Sta13,
        UpperLayerAction.AA8 => UpperLayerState.Sta13,

        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a PS3.8 Tables 9-6 to 9-9 action."),
    };
}
