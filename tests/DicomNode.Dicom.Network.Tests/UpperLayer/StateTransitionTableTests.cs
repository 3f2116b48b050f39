using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Tests.UpperLayer;

/// <summary>
/// Walks every state × event pair of PS3.8 Table 9-10 (13 × 19 = 247) against an independent transcription kept
/// here in another shape: transposed (one line per state), with the standard's hyphenated action names, and the
/// next states of Tables 9-6 to 9-9 as text. A typo in the production table or in this one shows up as a mismatch.
/// </summary>
public sealed class StateTransitionTableTests
{
    // PS3.8 Table 9-10, transposed: one line per state, one column per event; "." where the standard is blank.
    private const string ExpectedTable = """
               Evt1 Evt2 Evt3 Evt4 Evt5 Evt6 Evt7 Evt8 Evt9 Evt10 Evt11 Evt12 Evt13 Evt14 Evt15 Evt16 Evt17 Evt18 Evt19
        Sta1   AE-1 .    .    .    AE-5 .    .    .    .    .     .     .     .     .     .     .     .     .     .
        Sta2   .    .    AA-1 AA-1 .    AE-6 .    .    .    AA-1  .     AA-1  AA-1  .     .     AA-2  AA-5  AA-2  AA-1
        Sta3   .    .    AA-8 AA-8 .    AA-8 AE-7 AE-8 .    AA-8  .     AA-8  AA-8  .     AA-1  AA-3  AA-4  .     AA-8
        Sta4   .    AE-2 .    .    .    .    .    .    .    .     .     .     .     .     AA-2  .     AA-4  .     .
        Sta5   .    .    AE-3 AE-4 .    AA-8 .    .    .    AA-8  .     AA-8  AA-8  .     AA-1  AA-3  AA-4  .     AA-8
        Sta6   .    .    AA-8 AA-8 .    AA-8 .    .    DT-1 DT-2  AR-1  AR-2  AA-8  .     AA-1  AA-3  AA-4  .     AA-8
        Sta7   .    .    AA-8 AA-8 .    AA-8 .    .    .    AR-6  .     AR-8  AR-3  .     AA-1  AA-3  AA-4  .     AA-8
        Sta8   .    .    AA-8 AA-8 .    AA-8 .    .    AR-7 AA-8  .     AA-8  AA-8  AR-4  AA-1  AA-3  AA-4  .     AA-8
        Sta9   .    .    AA-8 AA-8 .    AA-8 .    .    .    AA-8  .     AA-8  AA-8  AR-9  AA-1  AA-3  AA-4  .     AA-8
        Sta10  .    .    AA-8 AA-8 .    AA-8 .    .    .    AA-8  .     AA-8  AR-10 .     AA-1  AA-3  AA-4  .     AA-8
        Sta11  .    .    AA-8 AA-8 .    AA-8 .    .    .    AA-8  .     AA-8  AR-3  .     AA-1  AA-3  AA-4  .     AA-8
        Sta12  .    .    AA-8 AA-8 .    AA-8 .    .    .    AA-8  .     AA-8  AA-8  AR-4  AA-1  AA-3  AA-4  .     AA-8
        Sta13  .    .    AA-6 AA-6 .    AA-7 .    .    .    AA-6  .     AA-6  AA-6  .     .     AA-2  AR-5  AA-2  AA-7
        """;

    // PS3.8 Tables 9-6 to 9-9: each action's next state. "A|B": A when the A-ASSOCIATE-RQ is acceptable (AE-6)
    // or the local AE is the association requestor (AR-8), B otherwise.
    private const string ExpectedNextStates = """
        AE-1 Sta4   AE-2 Sta5   AE-3 Sta6   AE-4 Sta1   AE-5 Sta2   AE-6 Sta3|Sta13  AE-7 Sta6   AE-8 Sta13
        DT-1 Sta6   DT-2 Sta6
        AR-1 Sta7   AR-2 Sta8   AR-3 Sta1   AR-4 Sta13  AR-5 Sta1   AR-6 Sta7   AR-7 Sta8   AR-8 Sta9|Sta10
        AR-9 Sta11  AR-10 Sta12
        AA-1 Sta13  AA-2 Sta1   AA-3 Sta1   AA-4 Sta1   AA-5 Sta1   AA-6 Sta13  AA-7 Sta13  AA-8 Sta13
        """;

    private static readonly Dictionary<(string State, string Event), string?> Cells = ParseTable();
    private static readonly Dictionary<string, string[]> NextStates = ParseNextStates();

    // The state machine's types are internal, so the theory data are their names ("Sta2", "Evt6").
    public static TheoryData<string, string> AllPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var state in Enum.GetValues<UpperLayerState>())
        {
            foreach (var evt in Enum.GetValues<UpperLayerEvent>())
            {
                data.Add(state.ToString(), evt.ToString());
            }
        }

        return data;
    }

    [Fact]
    public void Transcription_CoversEveryStateAndEvent()
    {
        Assert.Equal(13, Enum.GetValues<UpperLayerState>().Length);
        Assert.Equal(19, Enum.GetValues<UpperLayerEvent>().Length);
        Assert.Equal(13 * 19, Cells.Count);
        Assert.Equal(28, NextStates.Count);
        Assert.Equal(28, Enum.GetValues<UpperLayerAction>().Length);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Lookup_MatchesTheStandard(string stateName, string eventName)
    {
        var state = Enum.Parse<UpperLayerState>(stateName);
        var evt = Enum.Parse<UpperLayerEvent>(eventName);
        var expected = Cells[(stateName, eventName)];

        var actual = UpperLayerStateTable.Lookup(state, evt);

        Assert.Equal(expected, actual is { } action ? StandardName(action) : null);
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Handle_PerformsTheStandardsActionAndEntersItsNextState(string stateName, string eventName)
    {
        var state = Enum.Parse<UpperLayerState>(stateName);
        var evt = Enum.Parse<UpperLayerEvent>(eventName);
        var cell = Cells[(stateName, eventName)];
        foreach (var role in Enum.GetValues<AssociationRole>())
        {
            foreach (var acceptable in new[] { true, false })
            {
                var handler = new RecordingActionHandler { AcceptAssociateRequest = acceptable };
                var machine = new UpperLayerStateMachine(handler, state, role);

                if (cell is null)
                {
                    Assert.Throws<InvalidOperationException>(() => machine.Handle(evt));
                    Assert.Equal(state, machine.State);
                    Assert.Empty(handler.Performed);
                    continue;
                }

                var action = machine.Handle(evt);

                var choices = NextStates[cell];
                var firstBranch = cell switch
                {
                    "AE-6" => acceptable,
                    "AR-8" => role == AssociationRole.Requestor,
                    _ => true,
                };
                var expectedNext = Enum.Parse<UpperLayerState>(choices[firstBranch ? 0 : choices.Length - 1]);

                Assert.Equal(cell, StandardName(action));
                Assert.Equal(expectedNext, machine.State);
                Assert.Equal([(action, expectedNext)], handler.Performed);
                Assert.Equal(cell == "AE-6" ? 1 : 0, handler.AcceptabilityQuestions);
            }
        }
    }

    [Fact]
    public void EveryPduEvent_IsDefined_InEveryStateWithATransportConnection()
    {
        UpperLayerEvent[] pduEvents =
        [
            UpperLayerEvent.Evt3, UpperLayerEvent.Evt4, UpperLayerEvent.Evt6, UpperLayerEvent.Evt10,
            UpperLayerEvent.Evt12, UpperLayerEvent.Evt13, UpperLayerEvent.Evt16, UpperLayerEvent.Evt19,
        ];
        var connected = Enum.GetValues<UpperLayerState>()
            .Where(s => s is not (UpperLayerState.Sta1 or UpperLayerState.Sta4));

        foreach (var evt in pduEvents)
        {
            foreach (var state in connected)
            {
                Assert.True(UpperLayerStateTable.Lookup(state, evt).HasValue, $"{evt} in {state}");
            }

            // No connection, so no PDU: the standard leaves these blank.
            Assert.Null(UpperLayerStateTable.Lookup(UpperLayerState.Sta1, evt));
            Assert.Null(UpperLayerStateTable.Lookup(UpperLayerState.Sta4, evt));
        }
    }

    [Fact]
    public void TransportClosed_IsDefined_InEveryStateButIdle()
    {
        foreach (var state in Enum.GetValues<UpperLayerState>())
        {
            Assert.Equal(state != UpperLayerState.Sta1, UpperLayerStateTable.Lookup(state, UpperLayerEvent.Evt17).HasValue);
        }
    }

    [Fact]
    public void ArtimExpiry_IsDefined_OnlyWhereTheTimerRuns()
    {
        var defined = Enum.GetValues<UpperLayerState>()
            .Where(s => UpperLayerStateTable.Lookup(s, UpperLayerEvent.Evt18).HasValue);

        Assert.Equal([UpperLayerState.Sta2, UpperLayerState.Sta13], defined);
    }

    [Fact]
    public void Lookup_OutsideTheStandard_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => UpperLayerStateTable.Lookup((UpperLayerState)0, UpperLayerEvent.Evt1));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpperLayerStateTable.Lookup(UpperLayerState.Sta1, (UpperLayerEvent)20));
    }

    /// <summary>"AE1" → "AE-1", "AR10" → "AR-10": the standard's spelling.</summary>
    private static string StandardName(UpperLayerAction action)
    {
        var name = action.ToString();
        return $"{name[..2]}-{name[2..]}";
    }

    private static Dictionary<(string State, string Event), string?> ParseTable()
    {
        var lines = ExpectedTable.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var events = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cells = new Dictionary<(string, string), string?>();
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(events.Length + 1, fields.Length);
            for (var i = 0; i < events.Length; i++)
            {
                var cell = fields[i + 1];
                cells.Add((fields[0], events[i]), cell == "." ? null : cell);
            }
        }

        return cells;
    }

    private static Dictionary<string, string[]> ParseNextStates()
    {
        var tokens = ExpectedNextStates.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
        var result = new Dictionary<string, string[]>();
        for (var i = 0; i < tokens.Length; i += 2)
        {
            result.Add(tokens[i], tokens[i + 1].Split('|'));
        }

        return result;
    }
}
