using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>
/// Conversion between object rows and <see cref="StoredObject"/>. Same layout and vector encoding
/// (<see cref="VectorEncoding"/>) as the SQLite store's ObjectRows, with the id as a PostgreSQL uuid.
/// </summary>
internal static class PgObjectRows
{
    /// <summary>The columns every object read selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = RowColumns + ", o.vector";

    /// <summary>As <see cref="Columns"/> with NULL in place of the vector, for reads that never use it (aggregations).</summary>
    public const string ColumnsWithoutVector = RowColumns + ", NULL::bytea";

    private const string RowColumns = "o.class, o.id, o.tenant, o.created, o.updated, o.properties";

    /// <summary>How many columns <see cref="Columns"/> has: callers read their extra columns after them.</summary>
    public const int ColumnCount = 7;

    public static StoredObject Read(NpgsqlDataReader r) => new()
    {
        Class = r.GetString(0),
        Id = r.GetGuid(1).ToString("D"), // the canonical lower-case form Core expects
        Tenant = r.GetString(2) is { Length: > 0 } t ? t : null,
        CreationTimeUnix = r.GetInt64(3),
        LastUpdateTimeUnix = r.GetInt64(4),
        Properties = JsonNode.Parse(r.GetString(5))!.AsObject(),
        Vector = r.IsDBNull(6) ? null : VectorEncoding.FromBytes(r.GetFieldValue<byte[]>(6)),
    };
}
