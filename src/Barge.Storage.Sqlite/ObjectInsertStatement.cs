using Barge.Core.Objects;
using Barge.Core.Storage;

namespace Barge.Storage.Sqlite;

/// <summary>
/// The insert every stored object goes through, bound by position (see <see cref="RawStatement"/>, prepared once per
/// writer connection by <see cref="WriteContext.Raw"/>). The properties are bound as the UTF-8 that validation wrote,
/// instead of becoming a string that is then encoded to UTF-8 again; only an object known as a tree (reference and
/// merge paths) is bound as text.
/// </summary>
internal static class ObjectInsertStatement
{
    // No RETURNING: SQLite runs RETURNING as a trigger, which makes the INSERT a multi-write statement with its own
    // statement journal (each page it touches copied aside first, one malloc per page): a quarter of the server's
    // CPU per batch. seq is the rowid, which the connection reports for free.
    private const string Sql =
        "INSERT INTO objects(class, id, tenant, created, updated, properties, vector, batch, batch_created, keyword_lengths) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

    /// <summary>Inserts the object row and returns its seq.</summary>
    /// <param name="batch">The journal seq of the batch; null for single-object writes (then no provenance).</param>
    /// <param name="keywordLengths">See <see cref="Barge.Storage.Relational.KeywordLengths"/>.</param>
    public static long Insert(WriteContext ctx, StoredObject o, long? batch, bool created, string keywordLengths)
    {
        var statement = ctx.Raw(Sql);
        statement.Bind(1, o.Class).Bind(2, o.Id).Bind(3, o.Tenant ?? "").Bind(4, o.CreationTimeUnix).Bind(5, o.LastUpdateTimeUnix);
        if (o.PropertiesUtf8 is { } utf8) statement.BindUtf8(6, utf8);
        else statement.Bind(6, o.PropertiesJson());
        if (o.Vector is { } vector) statement.BindBlob(7, VectorEncoding.AsBytes(vector));
        else statement.BindNull(7);
        if (batch is { } b) statement.Bind(8, b).Bind(9, created ? 1 : 0);
        else statement.BindNull(8).BindNull(9);
        statement.Bind(10, keywordLengths);
        statement.Execute();
        return statement.LastInsertRowId;
    }
}
