using DicomNode.Service.Configuration;

namespace DicomNode.Service.Hosting;

/// <summary>What the node was started with: the configuration file found, whether it exists, and the command-line overrides.</summary>
internal sealed record ConfigurationReport(ConfigLocation Location, bool FileExists, IReadOnlyDictionary<string, string?> Overrides);
