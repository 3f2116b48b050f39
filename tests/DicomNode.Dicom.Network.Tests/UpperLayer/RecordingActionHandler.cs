using DicomNode.Dicom.Network.UpperLayer;

namespace DicomNode.Dicom.Network.Tests.UpperLayer;

/// <summary>A handler that records what the machine asked of it and answers AE-6 as scripted.</summary>
internal sealed class RecordingActionHandler : IUpperLayerActionHandler
{
    /// <summary>The answer to AE-6's acceptability question.</summary>
    public bool AcceptAssociateRequest { get; set; } = true;

    public int AcceptabilityQuestions { get; private set; }

    public List<(UpperLayerAction Action, UpperLayerState NextState)> Performed { get; } = [];

    /// <summary>Runs after each action is recorded, for tests that act on it (send to a peer, drive ARTIM).</summary>
    public Action<UpperLayerAction, UpperLayerState>? AfterPerform { get; set; }

    public bool IsAssociateRequestAcceptable()
    {
        AcceptabilityQuestions++;
        return AcceptAssociateRequest;
    }

    public void Perform(UpperLayerAction action, UpperLayerState nextState)
    {
        Performed.Add((action, nextState));
        AfterPerform?.Invoke(action, nextState);
    }
}
