using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Named parameters for the store's one-off commands (schema, journal). The write commands themselves run in the
/// shared <see cref="Relational.WriteExecutor{TContext, TKey, TStored}"/> over <see cref="ObjectWrites"/>; this
/// helper kept the old class name because the journal's files call it.
/// </summary>
internal static class WriteCommandExecutor
{
    internal static void Bind(SqliteCommand cmd, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
    }
}
