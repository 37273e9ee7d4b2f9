using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>Named parameters for the store's one-off statements (schema, point reads); the hot paths prepare theirs.</summary>
internal static class SqliteCommandExtensions
{
    /// <summary>Replaces the command's parameters with these; null becomes NULL.</summary>
    internal static void Bind(this SqliteCommand cmd, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
