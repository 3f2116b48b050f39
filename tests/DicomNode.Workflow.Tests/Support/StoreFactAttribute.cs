using Xunit.Abstractions;
using Xunit.Sdk;

namespace DicomNode.Workflow.Tests.Support;

/// <summary>
/// A fact of a store test class, run once per engine by the class's subclasses. In a …OnPostgreSql class it is skipped,
/// with the reason, only when the PostgreSQL server's programs are not installed (<see cref="PostgreSqlServer.Missing"/>);
/// CI installs them (.ci/run), so there it never is.
/// </summary>
[XunitTestCaseDiscoverer("DicomNode.Workflow.Tests.Support.StoreFactDiscoverer", "DicomNode.Workflow.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class StoreFactAttribute : FactAttribute
{
}

/// <summary>Discovers <see cref="StoreFactAttribute"/> facts: a plain fact, or a skipped one on PostgreSQL without its programs.</summary>
public sealed class StoreFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    private readonly FactDiscoverer _fact = new(diagnosticMessageSink);

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        if (testMethod.TestClass.Class.Name.EndsWith("OnPostgreSql", StringComparison.Ordinal) && PostgreSqlServer.Missing is { } reason)
        {
            return [new XunitSkippedDataRowTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason)];
        }

        return _fact.Discover(discoveryOptions, testMethod, factAttribute);
    }
}
