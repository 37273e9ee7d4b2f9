using System.Data;
using Barge.Core.Filters;
using Barge.Core.Storage;
using Barge.Storage.Postgres.Filters;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// The keyword index for Core's BM25F (<see cref="IKeywordIndex"/>): posting rows (Migrations/0005), the totals'
/// rows summed, and the dead seqs the garbage table still names left out, all read in one snapshot (a repeatable-read
/// transaction, three statements in one round trip), so that the statistics count exactly the live objects.
/// </summary>
/// <remarks>
/// A filter the posting lists answer alone is read in one of two ways. When each of its conditions names its values
/// (<see cref="PgIndexOnlyFilter.ReadsAmong"/>), it is not read with the postings: the search scores every candidate
/// and asks <see cref="AdmitAsync"/> about its best ones, a growing slice at a time, and each slice is looked up in
/// the filter's rows (<see cref="PgIndexOnlyFilter.AmongCommandText"/>), so that a filter most objects pass costs what
/// a few candidates touch instead of its whole lists; once a slice is too large for that, the whole lists are read,
/// which is what a filter few objects pass costs anyway. Any other such filter (ranges, prefixes) is read whole with
/// the postings, in the same snapshot, and the search scores only its matches.
/// </remarks>
public sealed partial class PostgresStore : IKeywordIndex
{
    private const string DeadSql = "SELECT seq FROM idx_garbage WHERE class = @c";
    // n numbers the (lookup, term) pairs in order; a field never written has no row in idx_fields and no postings.
    private const string PostingsSql =
        "SELECT k.n, p.first, p.postings FROM unnest(@keys::text[], @terms::text[]) WITH ORDINALITY AS k(key, term, n) " +
        "JOIN idx_fields f ON f.class = @c AND f.prop = k.key JOIN keyword_postings p ON p.field = f.id AND p.term = k.term";

    public Task<KeywordIndexRead> ReadKeywordIndexAsync(string className, string? tenant, IReadOnlyList<KeywordLookup> lookups, FilterNode? filter, CancellationToken ct = default) =>
        FilterRefusal.Run(() => ReadKeywordsAsync(className, tenant, lookups, filter, ct), PgErrors.RefusedQuery);

    private async Task<KeywordIndexRead> ReadKeywordsAsync(string className, string? tenant, IReadOnlyList<KeywordLookup> lookups, FilterNode? filter, CancellationToken ct)
    {
        var pairs = new List<(int Lookup, int Term)>();
        var keys = new List<string>();
        var terms = new List<string>();
        for (var l = 0; l < lookups.Count; l++)
            for (var t = 0; t < lookups[l].Terms.Count; t++)
            {
                pairs.Add((l, t));
                keys.Add(PgKeywordRows.KeyOf(lookups[l].Property, tenant));
                terms.Add(PgText.Storable(lookups[l].Terms[t]));
            }

        await using var c = await _data.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        // An index-only filter read whole: its matches from the same snapshot as the postings, so every seq they name
        // is in its answer if it matches.
        SeqSet? matches = null;
        await using (var filterCmd = c.CreateCommand())
        {
            var indexOnly = filter is null ? null : PostgresFilterCompiler.CompileIndexOnly(filter, filterCmd);
            if (indexOnly is { ReadsAmong: false })
            {
                filterCmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = className });
                matches = await MatchesOfWholeListsAsync(filterCmd, indexOnly, ct);
            }
        }
        await using var cmd = new NpgsqlCommand($"{PgKeywordTotals.ReadSql}; {DeadSql}; {PostingsSql}", c, tx);
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = className });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(tenant) });
        cmd.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys.ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("terms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = terms.ToArray() });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var totals = new Dictionary<string, KeywordTotals>(StringComparer.Ordinal);
        while (await r.ReadAsync(ct)) totals[r.GetString(0)] = new KeywordTotals(r.GetInt64(1), r.GetInt64(2));
        await r.NextResultAsync(ct);
        var dead = new HashSet<long>();
        while (await r.ReadAsync(ct)) dead.Add(r.GetInt64(0));
        await r.NextResultAsync(ct);
        var answer = new KeywordIndexAnswer(lookups, dead);
        while (await r.ReadAsync(ct))
        {
            var (lookup, term) = pairs[(int)r.GetInt64(0) - 1];
            answer.AddRow(lookup, term, PostingLists.Part(r.GetInt64(1)), r.GetFieldValue<byte[]>(2));
        }
        var read = answer.Build(totals);
        return matches is null ? read : read with { FilterMatches = matches.Contains };
    }

    public Task<IReadOnlyDictionary<long, string>> AdmitAsync(string className, string? tenant, FilterNode? filter, IReadOnlyList<long> seqs, CancellationToken ct = default) =>
        FilterRefusal.Run(() => AdmitFilteredAsync(className, tenant, filter, seqs, ct), PgErrors.RefusedQuery);

    private async Task<IReadOnlyDictionary<long, string>> AdmitFilteredAsync(string className, string? tenant, FilterNode? filter, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        var admitted = new Dictionary<long, string>();
        if (seqs.Count == 0) return admitted;
        await using var c = await _data.OpenConnectionAsync(ct);
        await using var cmd = c.CreateCommand();
        cmd.Parameters.Add(new NpgsqlParameter("c", NpgsqlDbType.Text) { Value = className });
        cmd.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Text) { Value = PgText.Tenant(tenant) });
        var indexOnly = filter is null ? null : PostgresFilterCompiler.CompileIndexOnly(filter, cmd);
        if (indexOnly is not null)
        {
            var matches = indexOnly.ReadsAmong && seqs.Count <= CandidatesReadAmong
                ? await MatchesAmongAsync(cmd, indexOnly, seqs, ct)
                : await MatchesOfWholeListsAsync(cmd, indexOnly, ct);
            seqs = seqs.Where(matches.Contains).ToList();
            filter = null;
            if (seqs.Count == 0) return admitted;
        }
        cmd.Parameters.Add(new NpgsqlParameter("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = seqs.ToArray() });
        // The candidates drive the query (seq lookups in the class's index); the filter is checked on each of them.
        var predicate = filter is null ? "TRUE" : PostgresFilterCompiler.Compile(filter, cmd, tenant);
        cmd.CommandText = $"SELECT o.seq, o.id FROM objects o WHERE o.class = @c AND o.tenant = @t AND o.seq = ANY(@seqs) AND ({predicate})";
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) admitted[r.GetInt64(0)] = r.GetGuid(1).ToString("D");
        return admitted;
    }

    /// <summary>
    /// The most candidates looked up one by one in an index-only filter's rows (a few primary-key probes each); a
    /// larger slice reads the filter's whole lists, whose cost does not grow with the slice. The search's slices grow
    /// fourfold from twice the results wanted, so a filter most objects pass is settled by the first one or two, and
    /// one that few pass reaches the whole lists after three small rounds.
    /// </summary>
    private const int CandidatesReadAmong = 512;

    private static async Task<SeqSet> MatchesAmongAsync(NpgsqlCommand cmd, PgIndexOnlyFilter filter, IReadOnlyList<long> seqs, CancellationToken ct)
    {
        cmd.CommandText = filter.AmongCommandText();
        var among = new NpgsqlParameter("among", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = seqs.ToArray() };
        cmd.Parameters.Add(among);
        SeqSet matches;
        await using (var r = await cmd.ExecuteReaderAsync(ct)) matches = await filter.ReadAsync(r, ct);
        cmd.Parameters.Remove(among);
        return matches;
    }

    private static async Task<SeqSet> MatchesOfWholeListsAsync(NpgsqlCommand cmd, PgIndexOnlyFilter filter, CancellationToken ct)
    {
        cmd.CommandText = filter.CommandText();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await filter.ReadAsync(r, ct);
    }
}
