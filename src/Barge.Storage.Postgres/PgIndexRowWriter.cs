using Barge.Core.Indexing;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// The inverted-index rows of newly written objects, one binary COPY per table. Numbers go to idx_num, strings to
/// idx_text (see 0001_initial.sql). Rows are sent in key order: in an index larger than shared_buffers, neighbouring
/// keys share pages, so a sorted batch touches each page once instead of at random.
/// </summary>
internal static class PgIndexRowWriter
{
    private readonly record struct NumRow(int Field, double Value, long Seq, Guid Id);
    private readonly record struct TextRow(int Field, string Value, long Seq, Guid Id);

    public static void Copy(PgWriteContext ctx, List<PendingObject> objects, long[] seqs)
    {
        var fields = new HashSet<(string, string)>();
        foreach (var p in objects)
            foreach (var e in p.Index) fields.Add((p.Object.Class, e.Property));
        ctx.Fields.Resolve(ctx, fields, create: true);

        var nums = new List<NumRow>();
        var texts = new List<TextRow>();
        var seenNum = new HashSet<(int, double)>();
        var seenText = new HashSet<(int, string)>();
        for (var i = 0; i < objects.Count; i++)
        {
            var p = objects[i];
            var id = Guid.Parse(p.Object.Id);
            seenNum.Clear();
            seenText.Clear();
            foreach (var e in p.Index)
            {
                var field = ctx.Fields.Get(p.Object.Class, e.Property)!.Value;
                // An entry repeated (or 1 and 1.0) would be the same primary key: COPY has no ON CONFLICT.
                if (e.Value is string raw)
                {
                    var s = PgText.Storable(raw);
                    if (seenText.Add((field, s))) texts.Add(new TextRow(field, s, seqs[i], id));
                }
                else if (seenNum.Add((field, ToDouble(e.Value)))) nums.Add(new NumRow(field, ToDouble(e.Value), seqs[i], id));
            }
        }
        if (nums.Count > 0) CopyNums(ctx, nums);
        if (texts.Count > 0) CopyTexts(ctx, texts);
    }

    public static double ToDouble(object v) => v switch
    {
        long l => l,
        double d => d,
        int i => i,
        bool b => b ? 1 : 0,
        float f => f,
        _ => throw new NotSupportedException($"index value of type {v.GetType().Name}"),
    };

    private static void CopyNums(PgWriteContext ctx, List<NumRow> rows)
    {
        rows.Sort((a, b) => a.Field != b.Field ? a.Field.CompareTo(b.Field) : a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Seq.CompareTo(b.Seq));
        using var w = ctx.Connection.BeginBinaryImport("COPY idx_num(field, v, seq, id) FROM STDIN (FORMAT BINARY)");
        foreach (var r in rows)
        {
            w.StartRow();
            w.Write(r.Field, NpgsqlDbType.Integer);
            w.Write(r.Value, NpgsqlDbType.Double);
            w.Write(r.Seq, NpgsqlDbType.Bigint);
            w.Write(r.Id, NpgsqlDbType.Uuid);
        }
        w.Complete();
    }

    private static void CopyTexts(PgWriteContext ctx, List<TextRow> rows)
    {
        rows.Sort((a, b) =>
        {
            if (a.Field != b.Field) return a.Field.CompareTo(b.Field);
            var c = string.CompareOrdinal(a.Value, b.Value);
            return c != 0 ? c : a.Seq.CompareTo(b.Seq);
        });
        using var w = ctx.Connection.BeginBinaryImport("COPY idx_text(field, v, seq, id) FROM STDIN (FORMAT BINARY)");
        foreach (var r in rows)
        {
            w.StartRow();
            w.Write(r.Field, NpgsqlDbType.Integer);
            w.Write(r.Value, NpgsqlDbType.Text);
            w.Write(r.Seq, NpgsqlDbType.Bigint);
            w.Write(r.Id, NpgsqlDbType.Uuid);
        }
        w.Complete();
    }
}
