using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using Value = Barge.Server.Grpc.Protocol.Value;

namespace Barge.Server.Grpc;

/// <summary>
/// Stored JSON properties → the <c>Properties</c> message of a search result, typed by the schema as Weaviate sends
/// them and as weaviate-client 3.14's deserializer reads them: text_value, int_value (int), number_value, bool_value,
/// date_value (RFC3339 text, read as a Date), uuid_value, geo_value, phone_value, blob_value (base64), object_value;
/// arrays as list_value (ints and numbers as little-endian int64 / float64 bytes). References are not here.
/// </summary>
internal static class PropertyValues
{
    /// <summary>The non-reference properties of <paramref name="cls"/> selected by <paramref name="names"/> (null: all but blobs).</summary>
    public static Properties Of(JsonObject stored, IReadOnlyList<PropertyDefinition> schema, IReadOnlyCollection<string>? names)
    {
        var result = new Properties();
        foreach (var p in schema)
        {
            if (p.DataType.IsReference) continue;
            if (names is null ? p.DataType.Primitive == PrimitiveType.Blob : !names.Contains(p.Name)) continue;
            if (!stored.TryGetPropertyValue(p.Name, out var node) || node is null) continue;
            result.Fields[p.Name] = ValueOf(node, p);
        }
        return result;
    }

    private static Value ValueOf(JsonNode node, PropertyDefinition p)
    {
        var type = p.DataType;
        if (type.IsArray)
        {
            var items = node as JsonArray ?? [];
            var list = new ListValue();
            switch (type.Primitive)
            {
                case PrimitiveType.Int:
                    list.IntValues = new IntValues { Values = Bytes(items, 8, (span, n) => BinaryPrimitives.WriteInt64LittleEndian(span, Int(n))) };
                    break;
                case PrimitiveType.Number:
                    list.NumberValues = new NumberValues { Values = Bytes(items, 8, (span, n) => BinaryPrimitives.WriteDoubleLittleEndian(span, n!.GetValue<double>())) };
                    break;
                case PrimitiveType.Boolean:
                    list.BoolValues = new BoolValues { Values = { items.Select(n => n!.GetValue<bool>()) } };
                    break;
                case PrimitiveType.Date:
                    list.DateValues = new DateValues { Values = { items.Select(Text) } };
                    break;
                case PrimitiveType.Uuid:
                    list.UuidValues = new UuidValues { Values = { items.Select(Text) } };
                    break;
                case PrimitiveType.Object:
                    list.ObjectValues = new ObjectValues { Values = { items.OfType<JsonObject>().Select(o => Of(o, p.NestedProperties ?? [], null)) } };
                    break;
                default:
                    list.TextValues = new TextValues { Values = { items.Select(Text) } };
                    break;
            }
            return new Value { ListValue = list };
        }
        return type.Primitive switch
        {
            PrimitiveType.Int => new Value { IntValue = Int(node) },
            PrimitiveType.Number => new Value { NumberValue = node.GetValue<double>() },
            PrimitiveType.Boolean => new Value { BoolValue = node.GetValue<bool>() },
            PrimitiveType.Date => new Value { DateValue = Text(node) },
            PrimitiveType.Uuid => new Value { UuidValue = Text(node) },
            PrimitiveType.Blob => new Value { BlobValue = Text(node) },
            PrimitiveType.GeoCoordinates => new Value
            {
                GeoValue = new GeoCoordinate
                {
                    Latitude = (float)(node["latitude"]?.GetValue<double>() ?? 0),
                    Longitude = (float)(node["longitude"]?.GetValue<double>() ?? 0),
                },
            },
            PrimitiveType.PhoneNumber => new Value { PhoneValue = Phone(node) },
            PrimitiveType.Object => new Value { ObjectValue = node is JsonObject o ? Of(o, p.NestedProperties ?? [], null) : new Properties() },
            _ => new Value { TextValue = Text(node) },
        };
    }

    private static PhoneNumber Phone(JsonNode node)
    {
        var phone = new PhoneNumber
        {
            Input = node["input"]?.GetValue<string>() ?? "",
            DefaultCountry = node["defaultCountry"]?.GetValue<string>() ?? "",
            InternationalFormatted = node["internationalFormatted"]?.GetValue<string>() ?? "",
            NationalFormatted = node["nationalFormatted"]?.GetValue<string>() ?? "",
            Valid = node["valid"]?.GetValueKind() == JsonValueKind.True,
        };
        if (node["countryCode"] is { } cc) phone.CountryCode = (ulong)cc.GetValue<double>();
        if (node["national"] is { } national) phone.National = (ulong)national.GetValue<double>();
        return phone;
    }

    private static long Int(JsonNode? node) => node!.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<long>(out var l)
        ? l
        : (long)node.GetValue<double>();

    private static string Text(JsonNode? node) => node is null ? "" : node.GetValueKind() == JsonValueKind.String
        ? node.GetValue<string>()
        : node.ToJsonString();

    private static ByteString Bytes(JsonArray items, int width, Action<Span<byte>, JsonNode?> write)
    {
        var bytes = new byte[items.Count * width];
        for (var i = 0; i < items.Count; i++) write(bytes.AsSpan(i * width), items[i]);
        return ByteString.CopyFrom(bytes);
    }
}
