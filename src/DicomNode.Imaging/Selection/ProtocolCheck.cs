namespace DicomNode.Imaging.Selection;

/// <summary>What the study offers the method: the series found per role, and the required roles that are missing.</summary>
public sealed record ProtocolCheck(IReadOnlyList<ProtocolFinding> Found, IReadOnlyList<MissingRole> Missing)
{
    /// <summary>True when every required role has a series, so the analysis can run.</summary>
    public bool IsComplete => Missing.Count == 0;

    /// <summary>One line per found and missing role, found first.</summary>
    public IReadOnlyList<string> Lines => Found.Select(f => "found " + f).Concat(Missing.Select(m => m.Message)).ToArray();
}
