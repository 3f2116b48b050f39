namespace DicomNode.Workflow.Tests.Support;

/// <summary>The engine a store test runs on: each store test class has one subclass per engine (…OnSqlite, …OnPostgreSql).</summary>
public enum StoreEngine
{
    Sqlite,
    PostgreSql,
}
