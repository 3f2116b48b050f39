using static DicomNode.Dicom.Network.UpperLayer.UpperLayerAction;

namespace DicomNode.Dicom.Network.UpperLayer;

/// <summary>
/// PS3.8 Table 9-10, the DICOM upper layer protocol state transition table, written as data: one row per event,
/// one column per state, each cell the action the event triggers in that state.
/// </summary>
/// <remarks>
/// <para>
/// A blank cell (<c>__</c>) is one the standard leaves empty: the event cannot happen in that state. The blanks
/// fall into three groups, and none of them can be reached by a correct association runtime:
/// </para>
/// <list type="bullet">
/// <item>primitives from the local user (Evt1, Evt7, Evt8, Evt9, Evt11, Evt14, Evt15) outside the states that
/// await them — a programming error in the caller;</item>
/// <item>transport events in states without a transport connection: no PDU (Evt3, Evt4, Evt6, Evt10, Evt12,
/// Evt13, Evt16, Evt19) can arrive in Sta1 or Sta4, nothing can close (Evt17) in Sta1, a connect confirmation
/// (Evt2) only answers Sta4's request and a connection indication (Evt5) only reaches an idle machine;</item>
/// <item>ARTIM expiry (Evt18) outside Sta2 and Sta13, the only states in which the timer runs (it is started by
/// AE-5, AE-6, AE-8, AR-4, AA-1 and AA-8, which all lead to Sta2 or Sta13, and stopped on leaving them).</item>
/// </list>
/// <para>
/// Every PDU event is defined in every state that has a transport connection (Sta2, Sta3, Sta5 to Sta13), so an
/// unexpected PDU from the peer always has an answer (usually AA-8). <see cref="UpperLayerStateMachine"/> treats a
/// blank cell as <see cref="InvalidOperationException"/>.
/// </para>
/// </remarks>
internal static class UpperLayerStateTable
{
    // Declared before the table, which reads it during static initialisation.
    private static readonly UpperLayerAction? __ = null;

    private static readonly UpperLayerAction?[][] Table =
    [
        //             Sta1  Sta2  Sta3  Sta4  Sta5  Sta6  Sta7  Sta8  Sta9  Sta10 Sta11 Sta12 Sta13
        /* Evt1  */ [  AE1,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __   ],
        /* Evt2  */ [  __,   __,   __,   AE2,  __,   __,   __,   __,   __,   __,   __,   __,   __   ],
        /* Evt3  */ [  __,   AA1,  AA8,  __,   AE3,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6  ],
        /* Evt4  */ [  __,   AA1,  AA8,  __,   AE4,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6  ],
        /* Evt5  */ [  AE5,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   __   ],
        /* Evt6  */ [  __,   AE6,  AA8,  __,   AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA7  ],
        /* Evt7  */ [  __,   __,   AE7,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __   ],
        /* Evt8  */ [  __,   __,   AE8,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __   ],
        /* Evt9  */ [  __,   __,   __,   __,   __,   DT1,  __,   AR7,  __,   __,   __,   __,   __   ],
        /* Evt10 */ [  __,   AA1,  AA8,  __,   AA8,  DT2,  AR6,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6  ],
        /* Evt11 */ [  __,   __,   __,   __,   __,   AR1,  __,   __,   __,   __,   __,   __,   __   ],
        /* Evt12 */ [  __,   AA1,  AA8,  __,   AA8,  AR2,  AR8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA6  ],
        /* Evt13 */ [  __,   AA1,  AA8,  __,   AA8,  AA8,  AR3,  AA8,  AA8,  AR10, AR3,  AA8,  AA6  ],
        /* Evt14 */ [  __,   __,   __,   __,   __,   __,   __,   AR4,  AR9,  __,   __,   AR4,  __   ],
        /* Evt15 */ [  __,   __,   AA1,  AA2,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  AA1,  __   ],
        /* Evt16 */ [  __,   AA2,  AA3,  __,   AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA3,  AA2  ],
        /* Evt17 */ [  __,   AA5,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AA4,  AR5  ],
        /* Evt18 */ [  __,   AA2,  __,   __,   __,   __,   __,   __,   __,   __,   __,   __,   AA2  ],
        /* Evt19 */ [  __,   AA1,  AA8,  __,   AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA8,  AA7  ],
    ];

    /// <summary>
    /// The action PS3.8 Table 9-10 gives for <paramref name="evt"/> in <paramref name="state"/>, or null where the
    /// standard leaves the cell blank.
    /// </summary>
    public static UpperLayerAction? Lookup(UpperLayerState state, UpperLayerEvent evt)
    {
        if (state is < UpperLayerState.Sta1 or > UpperLayerState.Sta13)
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, "Not a PS3.8 Table 9-1 state.");
        }

        if (evt is < UpperLayerEvent.Evt1 or > UpperLayerEvent.Evt19)
        {
            throw new ArgumentOutOfRangeException(nameof(evt), evt, "Not a PS3.8 Table 9-2 event.");
        }

        return Table[(int)evt - 1][(int)state - 1];
    }
}
