using DicomNode.Service.Configuration;
using Microsoft.Extensions.Configuration;

namespace DicomNode.Service.Tests.Configuration;

/// <summary>In the console collection: one test sets a process-wide environment variable that child processes would inherit.</summary>
[Collection(DicomNode.Service.Tests.Cli.ConsoleCollection.Name)]
public sealed class NodeSettingsTests
{
    [Fact]
    public void InstallerDefaultConfiguration_BindsAndIsValid()
    {
        // The installer's appsettings.json must follow the service's configuration contract.
        var path = Path.Combine(RepositoryRoot(), "installer", "linux", "appsettings.json");
        var settings = NodeConfiguration.Load(new ConfigurationBuilder().AddJsonFile(path).Build());
        Assert.Empty(ConfigFileCheck.Check(path));
        Assert.Equal("DICOMNODE", settings.Node.AeTitle);
        Assert.Equal("/var/lib/dicomnode", settings.Node.DataDirectory);
        Assert.Equal("/var/log/dicomnode", settings.Log.Directory);
    }

    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(NodeSettingsValidator.Validate(new NodeSettings()));
    }

    [Fact]
    public void EnvironmentVariables_OverrideTheFileWithDoubleUnderscoreSections()
    {
        Environment.SetEnvironmentVariable("DICOMNODE_Node__Port", "4242");
        try
        {
            var configuration = new ConfigurationBuilder().AddNodeSources(null).Build();
            Assert.Equal(4242, NodeConfiguration.Load(configuration).Node.Port);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DICOMNODE_Node__Port", null);
        }
    }

    [Theory]
    [InlineData("Node:AeTitle", "", "Node:AeTitle is empty")]
    [InlineData("Node:BindAddress", "somewhere", "Node:BindAddress 'somewhere' is not an IP address")]
    [InlineData("Node:MaxAssociations", "0", "Node:MaxAssociations 0 is out of range")]
    [InlineData("Routing:DefaultDestination", "PACS", "Routing:DefaultDestination 'PACS' is not among Destinations")]
    [InlineData("Log:Format", "xml", "Log:Format 'xml' is not known")]
    [InlineData("Log:AuditRetentionDays", "0", "Log:AuditRetentionDays 0 is out of range")]
    [InlineData("Log:AuditRepeatLimit", "0", "Log:AuditRepeatLimit 0 is out of range")]
    [InlineData("Log:AuditLinesPerMinute", "-1", "Log:AuditLinesPerMinute -1 is out of range")]
    [InlineData("Destinations:0:Name", "MAIN PACS", "Destinations:0:Name 'MAIN PACS' cannot name the destination's outbox folder")]
    [InlineData("Destinations:0:Outputs:0", "Pfd", "Destinations:0:Outputs names 'Pfd', which is not a result; use Seg, Sr, KeyImages, Pdf")]
    [InlineData("Node:Tls:Enabled", "true", "Node:Tls:CertificatePath is empty")]
    [InlineData("Analysis:TargetBValueMin", "1200", "Analysis:TargetBValueMin 1200 and Analysis:TargetBValueMax 1000 must satisfy")]
    [InlineData("Models:ConcurrentRuns", "17", "Models:ConcurrentRuns 17 is out of range; use 0 to 16")]
    [InlineData("Models:ConcurrentRuns", "-1", "Models:ConcurrentRuns -1 is out of range; use 0 to 16")]
    [InlineData("Retention:InboxDays", "-1", "Retention:InboxDays -1 is out of range")]
    [InlineData("Retention:IntervalMinutes", "0", "Retention:IntervalMinutes 0 is out of range")]
    [InlineData("Retention:MinimumFreeMegabytes", "-1", "Retention:MinimumFreeMegabytes is negative")]
    [InlineData("Database:Provider", "mysql", "Database:Provider is 'mysql'; set sqlite")]
    [InlineData("Database:Provider", "postgresql", "Database:ConnectionString is empty")]
    [InlineData("Database:ConnectionString", "Host=db", "Database:ConnectionString is set but Database:Provider is sqlite")]
    [InlineData("Database:LeaseSeconds", "1", "Database:LeaseSeconds 1 is out of range")]
    [InlineData("Node:Roles:0", "train", "Node:Roles has 'train'")]
    [InlineData("Node:Roles:0", "deliver", "Node:Roles leaves out a role on a SQLite database")]
    public void InvalidValues_AreNamedByKeyWithTheFix(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        var ex = Assert.Throws<NodeConfigurationException>(() => NodeConfiguration.Load(configuration));
        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void AValueOfTheWrongType_IsExplained()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Node:Port"] = "eleven" }).Build();
        var ex = Assert.Throws<NodeConfigurationException>(() => NodeConfiguration.Load(configuration));
        Assert.Contains("Node:Port", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The repository checkout the tests run from (the folder holding DicomNode.sln).</summary>
    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DicomNode.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Run from within the repository.");
    }
}
