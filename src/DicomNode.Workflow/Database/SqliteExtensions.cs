using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace DicomNode.Workflow.Database;

/// <summary>
/// Small conveniences for commands with named parameters and Unix-millisecond times, on either engine. The SQL names
/// its parameters <c>$name</c> (SQLite's form); for PostgreSQL they are rewritten to Npgsql's <c>@name</c> once per text.
/// Numbers are read through <see cref="Int64"/> and <see cref="Int32"/>, since the engines give different widths
/// (SQLite every integer as a 64-bit one, PostgreSQL a count as bigint and a sum of bigints as numeric).
/// </summary>
internal static partial class SqliteExtensions
{
    private static readonly ConcurrentDictionary<string, string> PostgreSqlText = new(StringComparer.Ordinal);

    public static DbCommand Command(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var postgres = connection is NpgsqlConnection;
        command.CommandText = postgres ? PostgreSqlText.GetOrAdd(sql, static s => ParameterName().Replace(s, "@$1")) : sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = postgres ? "@" + name.TrimStart('$') : name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static int Execute(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    public static object? Scalar(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>A scalar as a 64-bit integer, or null.</summary>
    public static long? ScalarInt64(this DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters) =>
        connection.Scalar(transaction, sql, parameters) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    public static List<T> Query<T>(this DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> map, params (string Name, object? Value)[] parameters)
    {
        using var command = connection.Command(transaction, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    public static long ToUnixMs(this DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromUnixMs(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);

    public static long Int64(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static int Int32(this DbDataReader reader, int ordinal) => Convert.ToInt32(reader.GetValue(ordinal), CultureInfo.InvariantCulture);

    public static DateTimeOffset Time(this DbDataReader reader, int ordinal) => FromUnixMs(reader.Int64(ordinal));

    public static DateTimeOffset? TimeOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : FromUnixMs(reader.Int64(ordinal));

    public static string? StringOrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Int64OrNull(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.Int64(ordinal);

    [GeneratedRegex(@"\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ParameterName();
}
