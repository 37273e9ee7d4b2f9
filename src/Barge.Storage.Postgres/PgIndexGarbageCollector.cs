using System.Text.Json.Nodes;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Removes the index rows of replaced and deleted objects (queued in <c>idx_garbage</c>) in small writer jobs, off
/// the path of the requests that replaced or deleted them (as SQLite's IndexGarbageCollector). Each job takes the
/// oldest entries no other node is collecting (SKIP LOCKED), recomputes their index rows from the stored properties,
/// deletes them, and drops the entries, in one transaction.
/// </summary>
internal sealed class PgIndexGarbageCollector : IAsyncDisposable
{
    private const int EntriesPerJob = 200;
    private static readonly TimeSpan IdleDelay = TimeSpan.FromMilliseconds(500);
    private const string TakeSql = "SELECT seq, id, class, properties FROM idx_garbage ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
    private const string DeleteNumSql =
        "DELETE FROM idx_num WHERE (field, v, seq, id) IN (SELECT * FROM unnest($1::integer[], $2::double precision[], $3::bigint[], $4::uuid[]))";
    private const string DeleteTextSql =
        "DELETE FROM idx_text WHERE (field, v, seq, id) IN (SELECT * FROM unnest($1::integer[], $2::text[], $3::bigint[], $4::uuid[]))";
    private const string DropEntriesSql = "DELETE FROM idx_garbage WHERE seq = ANY($1)";

    private readonly Func<string, ClassDefinition?> _classes;
    private readonly RepeatingWriterJob<PgWriteContext> _rounds;

    public PgIndexGarbageCollector(PgWriter writer, Func<string, ClassDefinition?> classes)
    {
        _classes = classes;
        _rounds = new RepeatingWriterJob<PgWriteContext>(writer, CollectSome, EntriesPerJob, IdleDelay);
    }

    private int CollectSome(PgWriteContext ctx)
    {
        var entries = new List<(long Seq, Guid Id, string Class, string Properties)>();
        using (var cmd = ctx.Command(TakeSql))
        {
            cmd.Parameters.AddWithValue(EntriesPerJob);
            using var r = cmd.ExecuteReader();
            while (r.Read()) entries.Add((r.GetInt64(0), r.GetGuid(1), r.GetString(2), r.GetString(3)));
        }
        var index = new List<(long Seq, Guid Id, string Class, IReadOnlyList<IndexEntry> Entries)>(entries.Count);
        foreach (var (seq, id, cls, properties) in entries)
        {
            // Unknown while the schema is still loading at start-up: left for a later round. (A deleted class takes
            // its queued entries with it.)
            if (_classes(cls) is not { } definition) continue;
            index.Add((seq, id, cls, JsonNode.Parse(properties) is JsonObject stored ? IndexEntries.For(definition, stored) : []));
        }
        // A key that was never written has no field id and no rows.
        ctx.Fields.Resolve(ctx, index.SelectMany(g => g.Entries.Select(e => (g.Class, e.Property))).ToHashSet(), create: false);
        var nums = new Rows<double>();
        var texts = new Rows<string>();
        foreach (var (seq, id, cls, entriesOfObject) in index)
            foreach (var e in entriesOfObject)
            {
                if (ctx.Fields.Get(cls, e.Property) is not { } field) continue;
                if (e.Value is string s) texts.Add(field, PgText.Storable(s), seq, id);
                else nums.Add(field, PgIndexRowWriter.ToDouble(e.Value), seq, id);
            }
        nums.Delete(ctx, DeleteNumSql, NpgsqlDbType.Double);
        texts.Delete(ctx, DeleteTextSql, NpgsqlDbType.Text);
        if (index.Count > 0)
        {
            using var drop = ctx.Command(DropEntriesSql);
            drop.Parameters.Add(new() { Value = index.Select(g => g.Seq).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            drop.ExecuteNonQuery();
        }
        return index.Count;
    }

    /// <summary>Index rows to delete, as the columns of one unnest.</summary>
    private sealed class Rows<T>
    {
        private readonly List<int> _fields = [];
        private readonly List<T> _values = [];
        private readonly List<long> _seqs = [];
        private readonly List<Guid> _ids = [];

        public void Add(int field, T value, long seq, Guid id)
        {
            _fields.Add(field);
            _values.Add(value);
            _seqs.Add(seq);
            _ids.Add(id);
        }

        public void Delete(PgWriteContext ctx, string sql, NpgsqlDbType valueType)
        {
            if (_fields.Count == 0) return;
            using var cmd = ctx.Command(sql);
            cmd.Parameters.Add(new() { Value = _fields.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            cmd.Parameters.Add(new() { Value = _values.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | valueType });
            cmd.Parameters.Add(new() { Value = _seqs.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            cmd.Parameters.Add(new() { Value = _ids.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            cmd.ExecuteNonQuery();
        }
    }

    public ValueTask DisposeAsync() => _rounds.DisposeAsync();
}
