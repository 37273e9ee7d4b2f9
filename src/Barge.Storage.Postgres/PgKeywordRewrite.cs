using System.Buffers;
using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Rewrites the keyword posting rows of many (field, term, part) keys without a set of dead seqs, for the garbage
/// collector. As <see cref="PgPostingRewrite"/>: the first statement locks the keys' rows in primary-key order (two
/// nodes collecting at once wait for each other instead of deadlocking), the second, with a fresh snapshot after any
/// such wait, deletes them returning their postings, which are decoded, cleared of the dead seqs and copied back as
/// one row per key. The postings are varint blobs (<see cref="KeywordPostingCodec"/>), so the merge runs here rather
/// than in SQL; a merged row's first seq is the lowest of its kept seqs, which no row outside the merge holds.
/// </summary>
internal static class PgKeywordRewrite
{
    private const string Keys = "unnest($1::integer[], $2::text[], $3::bigint[], $4::bigint[]) AS k(field, term, lo, hi)";

    private const string LockSql =
        "SELECT 1 FROM keyword_postings p JOIN " + Keys + " ON p.field = k.field AND p.term = k.term AND p.first BETWEEN k.lo AND k.hi " +
        "ORDER BY p.field, p.term, p.first FOR UPDATE OF p";

    private const string TakeSql =
        "DELETE FROM keyword_postings p USING " + Keys + " WHERE p.field = k.field AND p.term = k.term AND p.first BETWEEN k.lo AND k.hi " +
        "RETURNING p.field, p.term, p.first, p.postings";

    public static void Run(PgWriteContext ctx, IReadOnlyCollection<KeywordListKey> keys, IReadOnlySet<long> dead)
    {
        if (keys.Count == 0) return;
        var sorted = keys.OrderBy(k => k.Field).ThenBy(k => k.Term, StringComparer.Ordinal).ThenBy(k => k.Part).ToList();
        var fields = sorted.Select(k => (int)k.Field).ToArray();
        var terms = sorted.Select(k => k.Term).ToArray();
        var los = sorted.Select(k => k.Part << PostingLists.SeqShift).ToArray();
        var his = sorted.Select(k => ((k.Part + 1) << PostingLists.SeqShift) - 1).ToArray();
        Execute(ctx, LockSql, fields, terms, los, his, null);
        var kept = new Dictionary<KeywordListKey, List<KeywordPosting>>();
        Execute(ctx, TakeSql, fields, terms, los, his, (field, term, first, blob) =>
        {
            var key = new KeywordListKey(field, term, PostingLists.Part(first));
            if (!kept.TryGetValue(key, out var list)) kept[key] = list = [];
            KeywordPostingCodec.Read(blob, key.Part, list);
        });
        var merged = new KeywordPostingBatch();
        foreach (var (key, list) in kept)
        {
            list.RemoveAll(p => dead.Contains(p.Seq));
            foreach (var p in list) merged.Add(key, p);
        }
        PgKeywordRows.Copy(ctx.Connection, merged, new ArrayBufferWriter<byte>());
    }

    private static void Execute(PgWriteContext ctx, string sql, int[] fields, string[] terms, long[] los, long[] his, Action<int, string, long, byte[]>? row)
    {
        using var cmd = ctx.Command(sql);
        cmd.Parameters.Add(new() { Value = fields, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        cmd.Parameters.Add(new() { Value = terms, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = los, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        cmd.Parameters.Add(new() { Value = his, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        using var r = cmd.ExecuteReader();
        while (r.Read())
            row?.Invoke(r.GetInt32(0), r.GetString(1), r.GetInt64(2), (byte[])r.GetValue(3));
    }
}
