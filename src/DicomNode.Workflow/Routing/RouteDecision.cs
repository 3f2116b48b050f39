namespace DicomNode.Workflow.Routing;

/// <summary>Where results for a calling AE go, and why; <see cref="Destination"/> is null when there is no route.</summary>
public sealed record RouteDecision(DestinationOptions? Destination, string Reason);
