using DicomNode.Dicom;
using DicomNode.Reporting.Inputs;

namespace DicomNode.Reporting.Composite;

/// <summary>
/// Who makes a result object and when, as the SEG, SR and PDF writers take it: the node (its identity is checked
/// once, here), the algorithms that produced the findings, the source of new UIDs and the clock of Content Date/Time.
/// </summary>
internal sealed record ResultAuthor(NodeIdentity Identity, AnalysisAlgorithms Algorithms, DicomUidGenerator Uids, TimeProvider Time)
{
    /// <exception cref="ArgumentNullException">An argument other than <paramref name="time"/> is null.</exception>
    public static ResultAuthor Of(NodeIdentity identity, AnalysisAlgorithms algorithms, DicomUidGenerator uids, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(algorithms);
        ArgumentNullException.ThrowIfNull(uids);
        identity.Validate();
        return new ResultAuthor(identity, algorithms, uids, time ?? TimeProvider.System);
    }
}
