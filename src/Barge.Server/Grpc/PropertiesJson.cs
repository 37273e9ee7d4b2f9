using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using Value = Google.Protobuf.WellKnownTypes.Value;

namespace Barge.Server.Grpc;

/// <summary>
/// Writes the typed property groups of a <see cref="BatchObject"/> (or a nested <see cref="ObjectPropertiesValue"/>) as
/// the JSON properties object Core validates, exactly as the same object would arrive over REST: scalars from the
/// Struct (numbers that are whole as integers, so that int properties accept them), typed arrays, nested objects,
/// empty lists, and references as beacon lists.
/// </summary>
internal static class PropertiesJson
{
    /// <summary>
    /// Why the properties of one batch object cannot be written as JSON (packed numbers that are not whole float64
    /// values, or nesting deeper than <paramref name="maxDepth"/> counted as JSON nests), or null. Checked before any
    /// object is written, because every object of a batch is written into one document.
    /// </summary>
    public static string? Check(BatchObject.Types.Properties? properties, int maxDepth) =>
        properties is null ? null
            : CheckGroups(properties.NonRefProperties, properties.NumberArrayProperties, properties.ObjectProperties,
                properties.ObjectArrayProperties, depth: 1, maxDepth);

    /// <summary>The properties of one batch object as a JSON object; <see cref="Check"/> has passed.</summary>
    public static void Write(Utf8JsonWriter w, BatchObject.Types.Properties properties)
    {
        w.WriteStartObject();
        WriteGroups(w, properties.NonRefProperties, properties.NumberArrayProperties, properties.IntArrayProperties,
            properties.TextArrayProperties, properties.BooleanArrayProperties, properties.ObjectProperties,
            properties.ObjectArrayProperties, properties.EmptyListProps);
        WriteReferences(w, properties);
        w.WriteEndObject();
    }

    private static string? CheckGroups(Struct? scalars, RepeatedField<NumberArrayProperties> numbers, RepeatedField<ObjectProperties> objects,
        RepeatedField<ObjectArrayProperties> objectArrays, int depth, int maxDepth)
    {
        if (depth > maxDepth) return TooDeep(maxDepth);
        if (scalars is not null)
            foreach (var value in scalars.Fields.Values)
                if (Depth(value, depth + 1, maxDepth) is { } error) return error;
        foreach (var p in numbers)
            if (p.ValuesBytes.Length % 8 != 0)
                return $"property '{p.PropName}': values_bytes must hold 8-byte float64 values, got {p.ValuesBytes.Length} bytes";
        foreach (var p in objects)
            if (CheckObject(p.Value, depth + 1, maxDepth) is { } error) return error;
        foreach (var p in objectArrays)
            foreach (var v in p.Values)
                if (CheckObject(v, depth + 2, maxDepth) is { } error) return error;
        return null;
    }

    private static string? CheckObject(ObjectPropertiesValue? value, int depth, int maxDepth) =>
        value is null ? depth > maxDepth ? TooDeep(maxDepth) : null
            : CheckGroups(value.NonRefProperties, value.NumberArrayProperties, value.ObjectProperties, value.ObjectArrayProperties, depth, maxDepth);

    private static string? Depth(Value value, int depth, int maxDepth) => value.KindCase switch
    {
        Value.KindOneofCase.StructValue => depth > maxDepth ? TooDeep(maxDepth)
            : value.StructValue.Fields.Values.Select(v => Depth(v, depth + 1, maxDepth)).FirstOrDefault(e => e is not null),
        Value.KindOneofCase.ListValue => depth > maxDepth ? TooDeep(maxDepth)
            : value.ListValue.Values.Select(v => Depth(v, depth + 1, maxDepth)).FirstOrDefault(e => e is not null),
        _ => null,
    };

    private static string TooDeep(int maxDepth) => $"properties nest deeper than {maxDepth} levels (BARGE_MAX_JSON_DEPTH)";

    private static void WriteGroups(Utf8JsonWriter w, Struct? scalars, RepeatedField<NumberArrayProperties> numbers,
        RepeatedField<IntArrayProperties> ints, RepeatedField<TextArrayProperties> texts, RepeatedField<BooleanArrayProperties> booleans,
        RepeatedField<ObjectProperties> objects, RepeatedField<ObjectArrayProperties> objectArrays, RepeatedField<string> emptyLists)
    {
        if (scalars is not null)
            foreach (var (name, value) in scalars.Fields)
            {
                w.WritePropertyName(name);
                WriteValue(w, value);
            }
        foreach (var p in numbers)
        {
            w.WriteStartArray(p.PropName);
            if (p.ValuesBytes.Length > 0)
            {
                var bytes = p.ValuesBytes.Span;
                for (var i = 0; i < bytes.Length; i += 8) WriteNumber(w, BinaryPrimitives.ReadDoubleLittleEndian(bytes[i..]));
            }
            else
            {
#pragma warning disable CS0612 // the deprecated repeated field is still what older clients send
                foreach (var v in p.Values) WriteNumber(w, v);
#pragma warning restore CS0612
            }
            w.WriteEndArray();
        }
        foreach (var p in ints)
        {
            w.WriteStartArray(p.PropName);
            foreach (var v in p.Values) w.WriteNumberValue(v);
            w.WriteEndArray();
        }
        foreach (var p in texts)
        {
            w.WriteStartArray(p.PropName);
            foreach (var v in p.Values) w.WriteStringValue(v);
            w.WriteEndArray();
        }
        foreach (var p in booleans)
        {
            w.WriteStartArray(p.PropName);
            foreach (var v in p.Values) w.WriteBooleanValue(v);
            w.WriteEndArray();
        }
        foreach (var p in objects)
        {
            w.WritePropertyName(p.PropName);
            WriteObject(w, p.Value);
        }
        foreach (var p in objectArrays)
        {
            w.WriteStartArray(p.PropName);
            foreach (var v in p.Values) WriteObject(w, v);
            w.WriteEndArray();
        }
        foreach (var name in emptyLists)
        {
            w.WriteStartArray(name);
            w.WriteEndArray();
        }
    }

    private static void WriteObject(Utf8JsonWriter w, ObjectPropertiesValue? value)
    {
        w.WriteStartObject();
        if (value is not null)
            WriteGroups(w, value.NonRefProperties, value.NumberArrayProperties, value.IntArrayProperties, value.TextArrayProperties,
                value.BooleanArrayProperties, value.ObjectProperties, value.ObjectArrayProperties, value.EmptyListProps);
        w.WriteEndObject();
    }

    /// <summary>
    /// Reference properties as REST's beacon lists. Clients send either plain ids or whole beacons; plain ids of a
    /// multi-target property are qualified with its target collection, those of a single-target one are left to
    /// Core to resolve (the class-less beacon form).
    /// </summary>
    private static void WriteReferences(Utf8JsonWriter w, BatchObject.Types.Properties properties)
    {
        var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var r in properties.SingleTargetRefProps) Add(r.PropName, r.Uuids, null);
        foreach (var r in properties.MultiTargetRefProps) Add(r.PropName, r.Uuids, r.TargetCollection);
        foreach (var (name, beacons) in byName)
        {
            w.WriteStartArray(name);
            foreach (var beacon in beacons)
            {
                w.WriteStartObject();
                w.WriteString("beacon", beacon);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        void Add(string name, RepeatedField<string> uuids, string? target)
        {
            if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
            foreach (var id in uuids)
                list.Add(id.StartsWith("weaviate://", StringComparison.Ordinal) ? id
                    : string.IsNullOrEmpty(target) ? $"weaviate://localhost/{id}" : $"weaviate://localhost/{target}/{id}");
        }
    }

    private static void WriteValue(Utf8JsonWriter w, Value value)
    {
        switch (value.KindCase)
        {
            case Value.KindOneofCase.NumberValue: WriteNumber(w, value.NumberValue); break;
            case Value.KindOneofCase.StringValue: w.WriteStringValue(value.StringValue); break;
            case Value.KindOneofCase.BoolValue: w.WriteBooleanValue(value.BoolValue); break;
            case Value.KindOneofCase.StructValue:
                w.WriteStartObject();
                foreach (var (name, member) in value.StructValue.Fields)
                {
                    w.WritePropertyName(name);
                    WriteValue(w, member);
                }
                w.WriteEndObject();
                break;
            case Value.KindOneofCase.ListValue:
                w.WriteStartArray();
                foreach (var item in value.ListValue.Values) WriteValue(w, item);
                w.WriteEndArray();
                break;
            default: w.WriteNullValue(); break;
        }
    }

    /// <summary>A whole number as an integer (JSON has one number type; int properties refuse 5.0 written as "5.0").</summary>
    private static void WriteNumber(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992E15) w.WriteNumberValue((long)d);
        else if (double.IsFinite(d)) w.WriteNumberValue(d);
        else w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); // NaN/Infinity: refused by validation as a non-number
    }
}
