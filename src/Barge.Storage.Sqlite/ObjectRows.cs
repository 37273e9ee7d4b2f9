using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>Conversion between object rows and <see cref="StoredObject"/>.</summary>
internal static class ObjectRows
{
    /// <summary>The columns every object read selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = RowColumns + ", o.vector";

    /// <summary>As <see cref="Columns"/> with NULL in place of the vector, for reads that never use it (aggregations).</summary>
    public const string ColumnsWithoutVector = RowColumns + ", NULL";

    private const string RowColumns = "o.class, o.id, o.tenant, o.created, o.updated, o.properties";

    public static StoredObject Read(SqliteDataReader r) => new()
    {
        Class = r.GetString(0),
        Id = r.GetString(1),
        Tenant = r.GetString(2) is { Length: > 0 } t ? t : null,
        CreationTimeUnix = r.GetInt64(3),
        LastUpdateTimeUnix = r.GetInt64(4),
        Properties = JsonNode.Parse(r.GetString(5))!.AsObject(),
        Vector = r.IsDBNull(6) ? null : VectorEncoding.FromBytes((byte[])r.GetValue(6)),
    };
}
