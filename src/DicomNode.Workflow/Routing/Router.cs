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
                ? new RouteDecision(routed, $"Routing:RouteByCallingAe:{caller} → {name}")
                : new RouteDecision(null, $"Routing:RouteByCallingAe:{caller} names '{name}', which is not a configured destination");
        }

        if (options.DefaultDestination is { Length: > 0 } fallback)
        {
            return Find(options, fallback) is { } routed
                ? new RouteDecision(routed, $"Routing:DefaultDestination → {fallback}")
                : new RouteDecision(null, $"Routing:DefaultDestination names '{fallback}', which is not a configured destination");
        }

        return new RouteDecision(null, $"no route for calling AE '{caller}': set Routing:RouteByCallingAe:{caller} or Routing:DefaultDestination");
    }

    /// <summary>The destination with this exact name, or null.</summary>
    public static DestinationOptions? Find(RoutingOptions options, string name) =>
        options.Destinations.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}
