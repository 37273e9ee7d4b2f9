using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Server.Weaviate;

namespace Barge.Server.WeaviateLegacy;

/// <summary>
/// 0.x Thing/Action JSON ↔ Core: properties live under <c>schema</c> and beacons carry a kind segment (spec §9).
/// Input is rewritten into a v1 object and read by <see cref="ObjectWire"/>, so the wire-type checks are v1's.
/// </summary>
public static class LegacyObjectWire
{
    /// <summary>
    /// The object as Core input. <c>WireError</c> is a framework (601) error for the whole request;
    /// <c>ItemError</c> is a bad beacon, which fails only this object.
    /// </summary>
    public sealed record Read(ObjectInput? Input, string? WireError, string? ItemError);

    public static Read ToInput(JsonNode? node, string fieldPrefix)
    {
        if (node is not JsonObject o) return new(null, ObjectWire.Read(node, fieldPrefix).Error, null);
        JsonObject? properties = null;
        if (o["schema"] is { } schema)
        {
            if (schema is not JsonObject s) return new(null, $"{fieldPrefix}schema in body must be of type object: \"{ObjectWire.KindName(schema)}\"", null);
            properties = (JsonObject)s.DeepClone();
        }
        // Only what a 0.x object can say; vectorWeights and timestamps are the server's business.
        var v1 = new JsonObject { ["class"] = o["class"]?.DeepClone(), ["id"] = o["id"]?.DeepClone() };
        if (ObjectWire.ReadClassAndId(JsonElements.From(v1)!.Value, fieldPrefix, out var cls, out var id) is { } error) return new(null, error, null);
        var beaconError = properties is null ? null : LegacyBeacons.PropertiesToV1(properties);
        return new(new ObjectInput { Class = cls, Id = id, Properties = JsonElements.From(properties) }, null, beaconError);
    }

    /// <summary>The 0.x object: <c>class, creationTimeUnix, id, lastUpdateTimeUnix, schema</c>.</summary>
    public static JsonObject Write(StoredObject o, SchemaService schema, bool withHref)
    {
        var props = (JsonObject)o.Properties.DeepClone();
        LegacyBeacons.PropertiesToLegacy(props, schema.Find(o.Class), schema, withHref);
        return new JsonObject
        {
            ["class"] = o.Class,
            ["creationTimeUnix"] = o.CreationTimeUnix,
            ["id"] = o.Id,
            ["lastUpdateTimeUnix"] = o.LastUpdateTimeUnix,
            ["schema"] = props,
        };
    }
}
