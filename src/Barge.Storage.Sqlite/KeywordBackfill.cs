using System.Buffers;
using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Indexes a store that predates the keyword index (migration 0009), once, when it is opened: every object counts in
/// the totals, and the objects at or below the flushed mark get their posting rows, a part at a time (those above it
/// are staged in memory by <see cref="IndexSegmentLoader"/>, as any start does). One transaction, so that a crash
/// midway leaves the store to be indexed again from scratch.
/// </summary>
internal static class KeywordBackfill
{
    public static void RunIfNeeded(SqliteConnection connection, Func<string, ClassDefinition?> classOf, Action<string>? log)
    {
        if (Scalar(connection, null, "SELECT keyword_built FROM index_state") is 1L) return;
        log?.Invoke($"Building the keyword index of {connection.DataSource}; in a large store this takes a while.");
        using var tx = connection.BeginTransaction();
        var flushed = (long)Scalar(connection, tx, "SELECT flushed FROM index_state")!;
        var totals = new Dictionary<(string Class, string Tenant, string Property), (long Objects, long Lengths)>();
        var fields = new Dictionary<(string Class, string Key), long>();
        var part = new Dictionary<(long Field, string Term), List<KeywordPosting>>();
        var partNumber = -1L;
        var blob = new ArrayBufferWriter<byte>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT seq, class, tenant, properties FROM objects ORDER BY seq";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var (seq, cls, tenant) = (r.GetInt64(0), r.GetString(1), r.GetString(2));
                var definition = classOf(cls);
                var keywords = definition is not null ? ObjectIndex.Of(definition, r.GetString(3), IndexKinds.Keywords).Keywords : [];
                Add(totals, (cls, tenant, ""), 1, 0);
                foreach (var field in keywords) Add(totals, (cls, tenant, field.Property), 1, field.Length);
                if (seq > flushed) continue;
                if (PostingLists.Part(seq) != partNumber)
                {
                    WritePart(connection, tx, part, blob);
                    partNumber = PostingLists.Part(seq);
                }
                foreach (var field in keywords)
                {
                    var id = FieldId(connection, tx, fields, cls, IndexKeys.Keyword(field.Property, tenant));
                    foreach (var (term, frequency) in field.Terms)
                    {
                        if (!part.TryGetValue((id, term), out var postings)) part[(id, term)] = postings = [];
                        postings.Add(new KeywordPosting(seq, frequency, field.Length));
                    }
                }
            }
        }
        WritePart(connection, tx, part, blob);
        foreach (var ((cls, tenant, property), (objects, lengths)) in totals)
            Execute(connection, tx, "INSERT INTO keyword_totals(class, tenant, property, objects, length_sum) VALUES($c, $t, $p, $o, $l)",
                ("$c", cls), ("$t", tenant), ("$p", property), ("$o", objects), ("$l", lengths));
        Execute(connection, tx, "UPDATE index_state SET keyword_built = 1");
        tx.Commit();
    }

    /// <summary>The class for the backfill: the live schema's, else the store's own classes table (a server opens the store before it loads the schema).</summary>
    public static Func<string, ClassDefinition?> ClassesOf(SqliteConnection connection, Func<string, ClassDefinition?> liveClasses)
    {
        var stored = new Dictionary<string, ClassDefinition>(StringComparer.Ordinal);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT name, definition FROM classes";
        using var r = cmd.ExecuteReader();
        while (r.Read()) stored[r.GetString(0)] = PersistedClassJson.Deserialize(r.GetString(1));
        return name => liveClasses(name) ?? stored.GetValueOrDefault(name);
    }

    private static void Add(Dictionary<(string, string, string), (long, long)> totals, (string, string, string) key, long objects, long lengths)
    {
        var (o, l) = totals.GetValueOrDefault(key);
        totals[key] = (o + objects, l + lengths);
    }

    private static void WritePart(SqliteConnection connection, SqliteTransaction tx, Dictionary<(long Field, string Term), List<KeywordPosting>> part, ArrayBufferWriter<byte> blob)
    {
        foreach (var ((field, term), postings) in part)
        {
            KeywordPostingCodec.Write(blob, postings);
            Execute(connection, tx, "INSERT INTO keyword_postings(part, field, term, first, postings) VALUES($p, $f, $t, $s, $b)",
                ("$p", PostingLists.Part(postings[0].Seq)), ("$f", field), ("$t", term), ("$s", postings[0].Seq), ("$b", blob.WrittenSpan.ToArray()));
        }
        part.Clear();
    }

    private static long FieldId(SqliteConnection connection, SqliteTransaction tx, Dictionary<(string, string), long> fields, string cls, string key)
    {
        if (fields.TryGetValue((cls, key), out var id)) return id;
        id = Scalar(connection, tx, "SELECT id FROM idx_fields WHERE class = $c AND prop = $k", ("$c", cls), ("$k", key)) is long existing
            ? existing
            : (long)Scalar(connection, tx, "INSERT INTO idx_fields(class, prop) VALUES($c, $k) RETURNING id", ("$c", cls), ("$k", key))!;
        return fields[(cls, key)] = id;
    }

    private static object? Scalar(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }
}
