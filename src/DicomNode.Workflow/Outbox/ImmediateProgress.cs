namespace DicomNode.Workflow.Outbox;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs its action on the reporting thread, at once — unlike
/// <see cref="Progress{T}"/>, which posts it for later — so a result is recorded before the sender goes on.
/// </summary>
internal sealed class ImmediateProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
