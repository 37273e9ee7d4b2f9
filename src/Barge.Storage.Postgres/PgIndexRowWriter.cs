using Barge.Storage.Relational;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// The posting rows of newly written objects (see <see cref="PostingLists"/> and Migrations/0004_postings.sql), one
/// binary COPY per table: a row per distinct (field, value) and part of the commit, holding its seqs as a bigint[].
/// Numbers go to postings_num (as <see cref="PgNumbers"/> keeps them), strings to postings_text. Rows are sent in key order, so
/// that neighbouring keys share the pages they touch.
/// </summary>
internal static class PgIndexRowWriter
{
    public static void Copy(PgWriteContext ctx, List<PendingObject> objects, long[] seqs)
    {
        var fields = new HashSet<(string, string)>();
        foreach (var p in objects)
            foreach (var e in p.Index) fields.Add((p.Object.Class, e.Property));
        ctx.Fields.Resolve(ctx, fields, create: true);

        var nums = new PostingBatch();
        var texts = new PostingBatch();
        // Objects in seq order (seqs are ascending), so that each list is built in order.
        for (var i = 0; i < objects.Count; i++)
        {
            var p = objects[i];
            // A property's entries come one after the other and share its name's string: one field lookup per run.
            string? key = null;
            var field = 0;
            foreach (var e in p.Index)
            {
                if (!ReferenceEquals(e.Property, key))
                {
                    key = e.Property;
                    field = ctx.Fields.Get(p.Object.Class, key)!.Value;
                }
                Add(nums, texts, field, e.Value, seqs[i]);
            }
        }
        if (nums.Count > 0) CopyNumbers(ctx.Connection, nums);
        if (texts.Count > 0) CopyTexts(ctx, texts);
    }

    /// <summary>An entry's (field, value, seq) into the list of its table, the value as that table stores it.</summary>
    public static void Add(PostingBatch nums, PostingBatch texts, int field, object value, long seq)
    {
        if (value is string raw) texts.Add(field, PgText.Storable(raw), seq);
        else nums.Add(field, PgNumbers.Normalize(value), seq);
    }

    /// <summary>The lists of postings_num as rows (field, v, v_rest, first, seqs).</summary>
    public static void CopyNumbers(Npgsql.NpgsqlConnection connection, PostingBatch lists)
    {
        using var w = connection.BeginBinaryImport("COPY postings_num(field, v, v_rest, first, seqs) FROM STDIN (FORMAT BINARY)");
        foreach (var (key, seqs) in lists.Sorted())
        {
            w.StartRow();
            w.Write((int)key.Field, NpgsqlDbType.Integer);
            w.Write(PgNumbers.Nearest(key.Value), NpgsqlDbType.Double);
            w.Write(PgNumbers.Rest(key.Value), NpgsqlDbType.Bigint);
            w.Write(seqs[0], NpgsqlDbType.Bigint);
            w.Write(seqs.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        }
        w.Complete();
    }

    private static void CopyTexts(PgWriteContext ctx, PostingBatch lists)
    {
        using var w = ctx.Connection.BeginBinaryImport("COPY postings_text(field, v, first, seqs) FROM STDIN (FORMAT BINARY)");
        foreach (var (key, seqs) in lists.Sorted())
        {
            w.StartRow();
            w.Write((int)key.Field, NpgsqlDbType.Integer);
            w.Write((string)key.Value, NpgsqlDbType.Text);
            w.Write(seqs[0], NpgsqlDbType.Bigint);
            w.Write(seqs.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        }
        w.Complete();
    }
}
