using Barge.Core.Schema;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>Class definitions. Changes go through the writer and announce themselves to every node on commit (NOTIFY).</summary>
public sealed partial class PostgresStore
{
    // Delivered by PostgreSQL at COMMIT only, so listeners never reload a change that did not happen.
    private const string NotifySql = "SELECT pg_notify('" + PgSchemaListener.Channel + "', current_schema())";

    private static readonly string[] DeleteClassSql =
    [
        "DELETE FROM postings_num WHERE field IN (SELECT id FROM idx_fields WHERE class = $1)",
        "DELETE FROM postings_text WHERE field IN (SELECT id FROM idx_fields WHERE class = $1)",
        "DELETE FROM keyword_postings WHERE field IN (SELECT id FROM idx_fields WHERE class = $1)",
        "DELETE FROM keyword_totals WHERE class = $1",
        "DELETE FROM idx_fields WHERE class = $1",
        "DELETE FROM idx_garbage WHERE class = $1",
        "DELETE FROM objects WHERE class = $1",
        "DELETE FROM class_vectors WHERE class = $1",
        "DELETE FROM classes WHERE name = $1",
    ];

    public async Task<IReadOnlyList<ClassDefinition>> LoadClassesAsync(CancellationToken ct = default)
    {
        await using var cmd = _data.CreateCommand("SELECT definition FROM classes ORDER BY position");
        var classes = new List<ClassDefinition>();
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false)) classes.Add(PersistedClassJson.Deserialize(r.GetString(0)));
        return classes;
    }

    public Task SaveClassAsync(ClassDefinition definition, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            using (var cmd = ctx.Command("INSERT INTO classes(name, definition) VALUES($1, $2) ON CONFLICT (name) DO UPDATE SET definition = excluded.definition"))
            {
                cmd.Parameters.AddWithValue(definition.Name);
                cmd.Parameters.AddWithValue(PersistedClassJson.Serialize(definition));
                cmd.ExecuteNonQuery();
            }
            Notify(ctx);
            return 0;
        }, ct);

    public Task DeleteClassAsync(string className, CancellationToken ct = default) =>
        _writer.RunAsync(ctx =>
        {
            foreach (var sql in DeleteClassSql)
            {
                using var cmd = ctx.Command(sql);
                cmd.Parameters.AddWithValue(className);
                cmd.ExecuteNonQuery();
            }
            ctx.ForgetUncommitted(); // field ids and the vector length of the deleted class are gone
            Notify(ctx);
            return 0;
        }, ct);

    private static void Notify(PgWriteContext ctx)
    {
        using var cmd = ctx.Command(NotifySql);
        cmd.ExecuteNonQuery();
    }
}
