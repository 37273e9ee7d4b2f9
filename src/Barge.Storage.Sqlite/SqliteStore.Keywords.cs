using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Barge.Storage.Sqlite.Filters;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The keyword index for Core's BM25F (<see cref="IKeywordIndex"/>): posting rows (Migrations/0009) plus the
/// in-memory segment's newest postings, the totals kept at every commit, and the dead seqs still named by the
/// garbage table left out, so that the statistics count exactly the live objects. A filter the posting lists answer
/// alone is read as a set of seqs in the same snapshot, so that the search scores only its matches.
/// </summary>
public sealed partial class SqliteStore : IKeywordIndex
{
    private static readonly string ReadPostingsSql =
        $"SELECT part, postings FROM keyword_postings WHERE {IndexParts.EveryPart} AND field = $f AND term = $term";

    public Task<KeywordIndexRead> ReadKeywordIndexAsync(string className, string? tenant, IReadOnlyList<KeywordLookup> lookups, FilterNode? filter, CancellationToken ct = default) =>
        FilterRefusal.Run(() => ReadKeywordsAsync(className, tenant, lookups, filter, ct), SqliteErrors.RefusedQuery);

    private async Task<KeywordIndexRead> ReadKeywordsAsync(string className, string? tenant, IReadOnlyList<KeywordLookup> lookups, FilterNode? filter, CancellationToken ct)
    {
        // Memory first, then the snapshot: a part retired from memory in between is on disk by then (read twice at
        // worst, and the repeats are dropped).
        var lists = new List<KeywordPosting>[lookups.Count][];
        for (var l = 0; l < lookups.Count; l++)
        {
            var key = IndexKeys.Keyword(lookups[l].Property, tenant);
            lists[l] = new List<KeywordPosting>[lookups[l].Terms.Count];
            for (var t = 0; t < lookups[l].Terms.Count; t++)
            {
                var memory = new List<KeywordPosting>();
                _segment.CollectKeyword(className, key, lookups[l].Terms[t], memory);
                lists[l][t] = memory;
            }
        }

        await using var c = OpenRead();
        // An index-only filter is compiled after the postings in memory were read (it reads the segment's seqs too),
        // so every seq those postings name is in its answer if it matches.
        await using var filterCmd = c.CreateCommand();
        filterCmd.Parameters.AddWithValue("$c", className);
        var indexOnly = filter is null ? null : SqliteFilterCompiler.CompileIndexOnly(filter, filterCmd, _segment);
        await using var tx = c.BeginTransaction(deferred: true);
        SeqSet? matches = null;
        if (indexOnly is not null)
        {
            filterCmd.CommandText = indexOnly.CommandText();
            filterCmd.Transaction = tx;
            await using var r = await filterCmd.ExecuteReaderAsync(ct);
            matches = indexOnly.Read(r);
        }
        var totals = new Dictionary<string, KeywordTotals>(StringComparer.Ordinal);
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT property, objects, length_sum FROM keyword_totals WHERE class = $c AND tenant = $t";
            cmd.Bind(("$c", className), ("$t", tenant ?? ""));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) totals[r.GetString(0)] = new KeywordTotals(r.GetInt64(1), r.GetInt64(2));
        }
        var dead = new HashSet<long>();
        await using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT seq FROM idx_garbage WHERE class = $c";
            cmd.Bind(("$c", className));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) dead.Add(r.GetInt64(0));
        }
        var answer = new KeywordIndexAnswer(lookups, dead);
        var blob = new byte[64 * 1024];
        await using (var fieldCmd = c.CreateCommand())
        await using (var listCmd = c.CreateCommand())
        {
            fieldCmd.CommandText = "SELECT id FROM idx_fields WHERE class = $c AND prop = $k";
            var fc = fieldCmd.Parameters.AddWithValue("$c", className);
            var fk = fieldCmd.Parameters.AddWithValue("$k", "");
            listCmd.CommandText = ReadPostingsSql;
            var lf = listCmd.Parameters.AddWithValue("$f", 0L);
            var lt = listCmd.Parameters.AddWithValue("$term", "");
            for (var l = 0; l < lookups.Count; l++)
            {
                fk.Value = IndexKeys.Keyword(lookups[l].Property, tenant);
                var field = await fieldCmd.ExecuteScalarAsync(ct) as long?;
                for (var t = 0; t < lookups[l].Terms.Count; t++)
                {
                    if (field is { } id)
                    {
                        lf.Value = id;
                        lt.Value = lookups[l].Terms[t];
                        await using var r = await listCmd.ExecuteReaderAsync(ct);
                        while (await r.ReadAsync(ct))
                        {
                            var size = (int)r.GetBytes(1, 0, null, 0, 0);
                            if (blob.Length < size) blob = new byte[Math.Max(size, blob.Length * 2)];
                            r.GetBytes(1, 0, blob, 0, size);
                            answer.AddRow(l, t, r.GetInt64(0), blob.AsSpan(0, size));
                        }
                    }
                    answer.AddPostings(l, t, lists[l][t]);
                }
            }
        }
        var read = answer.Build(totals);
        return matches is null ? read : read with { FilterMatches = matches.Contains };
    }

    public Task<IReadOnlyDictionary<long, string>> AdmitAsync(string className, string? tenant, FilterNode? filter, IReadOnlyList<long> seqs, CancellationToken ct = default) =>
        FilterRefusal.Run(() => AdmitFilteredAsync(className, tenant, filter, seqs, ct), SqliteErrors.RefusedQuery);

    private async Task<IReadOnlyDictionary<long, string>> AdmitFilteredAsync(string className, string? tenant, FilterNode? filter, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        var admitted = new Dictionary<long, string>();
        if (seqs.Count == 0) return admitted;
        await using var c = OpenRead();
        await using var cmd = c.CreateCommand();
        cmd.Parameters.AddWithValue("$c", className);
        cmd.Parameters.AddWithValue("$t", tenant ?? "");
        cmd.Parameters.AddWithValue("$seqs", SeqsJson(seqs));
        // The candidates drive the query (seq lookups); the filter is checked on each of them.
        var predicate = filter is null ? "1=1" : SqliteFilterCompiler.CompilePerRow(filter, cmd, tenant, _segment);
        cmd.CommandText = $"SELECT o.seq, o.id FROM objects o WHERE o.seq IN (SELECT value FROM json_each($seqs)) AND +o.class = $c AND +o.tenant = $t AND ({predicate})";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) admitted[r.GetInt64(0)] = r.GetString(1);
        return admitted;
    }
}
