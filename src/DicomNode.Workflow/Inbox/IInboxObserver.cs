namespace DicomNode.Workflow.Inbox;

/// <summary>
/// Told about each new instance once it is on disk and indexed, before the C-STORE is answered. It must
/// be quick and must not throw (study assembly only resets a timer). Duplicates are not reported.
/// </summary>
public interface IInboxObserver
{
    void OnInstanceStored(StoredInstance instance);
}
