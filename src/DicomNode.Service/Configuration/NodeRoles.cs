namespace DicomNode.Service.Configuration;

/// <summary>What a node does (Node:Roles); several nodes sharing a PostgreSQL database may split them.</summary>
[Flags]
public enum NodeRoles
{
    None = 0,

    /// <summary>The DICOM listener: the inbox and study assembly.</summary>
    Receive = 1,

    /// <summary>The job runner: the analysis.</summary>
    Analyse = 2,

    /// <summary>The outbox delivery.</summary>
    Deliver = 4,

    All = Receive | Analyse | Deliver,
}

/// <summary>Node:Roles read from the configuration.</summary>
public static class NodeRolesSetting
{
    /// <summary>The roles named, all three when none is; unknown names are left out (the validator reports them).</summary>
    public static NodeRoles Of(NodeSection node) => node.Roles.Count == 0
        ? NodeRoles.All
        : node.Roles.Select(Parse).Aggregate(NodeRoles.None, (all, role) => all | (role ?? NodeRoles.None));

    /// <summary>receive, analyse (or analyze) or deliver, in any case; null for anything else.</summary>
    public static NodeRoles? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "receive" => NodeRoles.Receive,
        "analyse" or "analyze" => NodeRoles.Analyse,
        "deliver" => NodeRoles.Deliver,
        _ => null,
    };
}
