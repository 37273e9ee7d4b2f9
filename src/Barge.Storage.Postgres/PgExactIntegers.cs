using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// Makes the integers already stored exact in postings_num (Migrations/0006_exact_integers.sql), in the migration's
/// transaction under its lock. Only a row whose double is at least 2^53 in magnitude can stand for integers it
/// rounded (every integer below is a double exactly, with a rest of 0, as the script's default gives it): those rows
/// are removed, their objects' entries computed again from the stored properties with the classes as stored, and
/// written as rows of (v, v_rest) per part. Seqs of objects replaced or deleted since are left out: they are dead, and
/// the garbage collector then finds nothing of them to remove.
/// </summary>
internal static class PgExactIntegers
{
    public const int Version = 6;

    /// <summary>2^53: from here on, doubles are integers apart by more than one.</summary>
    private const double Inexact = 9007199254740992d;

    private const string TakeRowsSql =
        "DELETE FROM postings_num p USING idx_fields f WHERE p.field = f.id AND abs(p.v) >= $1 RETURNING p.field, f.class, f.prop, p.seqs";
    private const string ObjectsSql = "SELECT seq, class, properties FROM objects WHERE seq = ANY($1) ORDER BY seq";

    public static async Task RunAsync(NpgsqlConnection c, CancellationToken ct)
    {
        var fields = new Dictionary<(string Class, string Key), int>();
        var seqs = new HashSet<long>();
        await using (var cmd = new NpgsqlCommand(TakeRowsSql, c))
        {
            cmd.Parameters.AddWithValue(Inexact);
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                fields[(r.GetString(1), r.GetString(2))] = r.GetInt32(0);
                seqs.UnionWith(r.GetFieldValue<long[]>(3));
            }
        }
        if (seqs.Count == 0) return;
        var classes = new Dictionary<string, ClassDefinition>(StringComparer.Ordinal);
        await using (var cmd = new NpgsqlCommand("SELECT name, definition FROM classes", c))
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
            while (await r.ReadAsync(ct).ConfigureAwait(false)) classes[r.GetString(0)] = PersistedClassJson.Deserialize(r.GetString(1));
        var lists = new PostingBatch();
        await using (var cmd = new NpgsqlCommand(ObjectsSql, c))
        {
            cmd.Parameters.Add(new() { Value = seqs.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
            while (await r.ReadAsync(ct).ConfigureAwait(false))
            {
                var (seq, cls) = (r.GetInt64(0), r.GetString(1));
                if (!classes.TryGetValue(cls, out var definition)) continue;
                foreach (var e in ObjectIndex.Of(definition, r.GetString(2)).Entries)
                {
                    if (e.Value is string || !fields.TryGetValue((cls, e.Property), out var field)) continue;
                    var value = PgNumbers.Normalize(e.Value);
                    if (Math.Abs(PgNumbers.Nearest(value)) >= Inexact) lists.Add(field, value, seq);
                }
            }
        }
        if (lists.Count > 0) PgIndexRowWriter.CopyNumbers(c, lists);
    }
}
