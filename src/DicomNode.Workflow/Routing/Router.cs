namespace DicomNode.Workflow.Routing;

/// <summary>
/// Pure routing rules over one configuration snapshot: results go back to the destination configured
/// for the study's calling AE title, else to the default destination, else nowhere (with the reason).
/// </summary>
public static class Router
{
    public static RouteDecision Route(RoutingOptions options, string callingAeTitle)
    {
        var caller = callingAeTitle.Trim();
        if (options.RouteByCallingAe.TryGetValue(caller, out var name))
        {
            return Find(options, name) is { } routed
                ? new RouteDecision(routed, $"the destination of caller {caller} → {name}")
                : new RouteDecision(null, $"caller {caller} names destination '{name}', which is not configured; add it with dicomnode config destinations add {name} AET HOST PORT");
        }

        if (options.DefaultDestination is { Length: > 0 } fallback)
        {
            return Find(options, fallback) is { } routed
                ? new RouteDecision(routed, $"Routing:DefaultDestination → {fallback}")
                : new RouteDecision(null, $"Routing:DefaultDestination names '{fallback}', which is not a configured destination");
        }

        // The keys named are the node's configuration (AcceptedCallers, Routing:DefaultDestination), not RoutingOptions' own names.
        return new RouteDecision(null, options.Destinations.Count == 0
            ? $"no destination is configured, so results for calling AE '{caller}' have nowhere to go; add one with dicomnode config destinations add NAME AET HOST PORT --default, then retry the job"
            : $"no destination for calling AE '{caller}': give the caller one (dicomnode config callers add {caller} --destination NAME) or set Routing:DefaultDestination (config destinations add ... --default), then retry the job");
    }

    /// <summary>The destination with this exact name, or null.</summary>
    public static DestinationOptions? Find(RoutingOptions options, string name) =>
        options.Destinations.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}
