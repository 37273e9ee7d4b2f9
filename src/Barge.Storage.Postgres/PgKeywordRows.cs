using System.Buffers;
using Barge.Core.Indexing;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// The keyword index's rows of newly written objects (Migrations/0005_keyword_index.sql): one binary COPY of a
/// posting row per (field, term) and part of the flush, in key order, and the totals' changes appended
/// (<see cref="PgKeywordTotals"/>). The objects' own keyword columns go with their rows (<see cref="PgPendingRows"/>).
/// </summary>
internal sealed class PgKeywordRows
{
    private const string CopySql = "COPY keyword_postings(field, term, first, postings) FROM STDIN (FORMAT BINARY)";

    private readonly KeywordPostingBatch _postings = new();
    private readonly KeywordTotalsChanges _totals = new();
    private readonly ArrayBufferWriter<byte> _blob = new();

    public PgKeywordTotals Totals { get; } = new();

    /// <summary>Writes the keyword rows of <paramref name="objects"/>, stored under <paramref name="seqs"/>, whose searchable values are <paramref name="keywords"/>.</summary>
    public void Write(PgWriteContext ctx, List<PendingObject> objects, long[] seqs, IReadOnlyList<KeywordField>[] keywords)
    {
        var fields = new HashSet<(string, string)>();
        for (var i = 0; i < objects.Count; i++)
            foreach (var field in keywords[i]) fields.Add((objects[i].Object.Class, KeyOf(field.Property, objects[i].Object.Tenant)));
        if (fields.Count > 0) ctx.Fields.Resolve(ctx, fields, create: true);
        for (var i = 0; i < objects.Count; i++)
        {
            var o = objects[i].Object;
            var tenant = PgText.Tenant(o.Tenant);
            _totals.Count(o.Class, tenant, keywords[i], +1);
            foreach (var field in keywords[i])
                _postings.Add(ctx.Fields.Get(o.Class, KeyOf(field.Property, tenant))!.Value, seqs[i], field);
        }
        Copy(ctx.Connection, _postings, _blob);
        _postings.Clear();
        Totals.Append(ctx.Connection, _totals);
    }

    /// <summary>The index field key of a searchable property in a tenant, the tenant as stored.</summary>
    public static string KeyOf(string property, string? tenant) => IndexKeys.Keyword(property, PgText.Tenant(tenant));

    /// <summary>One row per list of <paramref name="postings"/>.</summary>
    public static void Copy(NpgsqlConnection c, KeywordPostingBatch postings, ArrayBufferWriter<byte> blob)
    {
        if (postings.Count == 0) return;
        using var w = c.BeginBinaryImport(CopySql);
        foreach (var (key, list) in postings.Sorted())
        {
            if (list.Count == 0) continue;
            KeywordPostingCodec.Write(blob, list);
            w.StartRow();
            w.Write((int)key.Field, NpgsqlDbType.Integer);
            w.Write(PgText.Storable(key.Term), NpgsqlDbType.Text);
            w.Write(list[0].Seq, NpgsqlDbType.Bigint);
            w.Write(blob.WrittenSpan.ToArray(), NpgsqlDbType.Bytea);
        }
        w.Complete();
    }

    /// <summary>The objects' keyword columns: their searchable properties with a value, and the lengths (null when none).</summary>
    public static (string[]? Properties, int[]? Lengths) Columns(IReadOnlyList<KeywordField> keywords) =>
        keywords.Count == 0 ? (null, null) : (keywords.Select(k => k.Property).ToArray(), keywords.Select(k => k.Length).ToArray());
}
