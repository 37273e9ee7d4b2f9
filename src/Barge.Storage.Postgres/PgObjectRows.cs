using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Npgsql;

namespace Barge.Storage.Postgres;

/// <summary>Conversion between object rows and <see cref="StoredObject"/> (the PostgreSQL twin of the SQLite store's ObjectRows).</summary>
internal static class PgObjectRows
{
    /// <summary>The columns every object read selects, in the order <see cref="Read"/> expects.</summary>
    public const string Columns = "o.class, o.id, o.tenant, o.created, o.updated, o.properties, o.vector";

    public static StoredObject Read(NpgsqlDataReader r) => new()
    {
        Class = r.GetString(0),
        // uuid column: "D" format is the canonical lower-case form Core expects.
        Id = r.GetGuid(1).ToString("D"),
        Tenant = r.GetString(2) is { Length: > 0 } t ? t : null,
        CreationTimeUnix = r.GetInt64(3),
        LastUpdateTimeUnix = r.GetInt64(4),
        Properties = JsonNode.Parse(r.GetString(5))!.AsObject(),
        Vector = r.IsDBNull(6) ? null : MemoryMarshal.Cast<byte, float>(r.GetFieldValue<byte[]>(6)).ToArray(),
    };

    /// <summary>float32 little-endian, as the SQLite store keeps vectors.</summary>
    public static byte[]? VectorBytes(float[]? v) =>
        v is null ? null : MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
}
