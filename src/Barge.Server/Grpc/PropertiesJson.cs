using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using Barge.Server.Grpc.Protocol;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Barge.Server.Grpc;

/// <summary>
/// Writes the typed property groups of a <see cref="BatchObject"/> (or a nested <see cref="ObjectPropertiesValue"/>) as
/// the JSON properties object Core validates, exactly as the same object would arrive over REST: scalars from the
/// Struct (<see cref="StructWireJson"/>; numbers that are whole as integers, so that int properties accept them),
/// typed arrays, nested objects, empty lists, and references as beacon lists.
/// </summary>
internal static class PropertiesJson
{
    /// <summary>
    /// Writes the properties of one batch object as a JSON object, or returns why they cannot be written: a
    /// <c>non_ref_properties</c> Struct that protobuf could not read (<see cref="StructWireJson"/>), packed numbers
    /// that are not whole float64 values, or nesting deeper than <paramref name="maxDepth"/> counted as JSON nests.
    /// On failure the output is partial: the caller drops it (every object of a batch goes into one document).
    /// </summary>
    public static string? Write(Utf8JsonWriter w, BatchObject.Types.Properties properties, int maxDepth)
    {
        w.WriteStartObject();
        var error = WriteGroups(w, properties.NonRefProperties, properties.NumberArrayProperties, properties.IntArrayProperties,
            properties.TextArrayProperties, properties.BooleanArrayProperties, properties.ObjectProperties,
            properties.ObjectArrayProperties, properties.EmptyListProps, depth: 1, maxDepth);
        if (error is not null) return error;
        WriteReferences(w, properties);
        w.WriteEndObject();
        return null;
    }

    /// <summary>Why properties cannot be written when they nest deeper than the limit.</summary>
    public static string TooDeep(int maxDepth) => $"properties nest deeper than {maxDepth} levels (BARGE_MAX_JSON_DEPTH)";

    /// <summary>The typed groups of an object at <paramref name="depth"/> (1: the object's properties).</summary>
    private static string? WriteGroups(Utf8JsonWriter w, ByteString scalars, RepeatedField<NumberArrayProperties> numbers,
        RepeatedField<IntArrayProperties> ints, RepeatedField<TextArrayProperties> texts, RepeatedField<BooleanArrayProperties> booleans,
        RepeatedField<ObjectProperties> objects, RepeatedField<ObjectArrayProperties> objectArrays, RepeatedField<string> emptyLists,
        int depth, int maxDepth)
    {
        if (depth > maxDepth) return TooDeep(maxDepth);
        if (!scalars.IsEmpty && StructWireJson.WriteMembers(w, scalars.Span, depth + 1, maxDepth) is { } scalarError) return scalarError;
        foreach (var p in numbers)
        {
            if (p.ValuesBytes.Length % 8 != 0)
                return $"property '{p.PropName}': values_bytes must hold 8-byte float64 values, got {p.ValuesBytes.Length} bytes";
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
            if (WriteObject(w, p.Value, depth + 1, maxDepth) is { } error) return error;
        }
        foreach (var p in objectArrays)
        {
            w.WriteStartArray(p.PropName);
            foreach (var v in p.Values)
                if (WriteObject(w, v, depth + 2, maxDepth) is { } error) return error;
            w.WriteEndArray();
        }
        foreach (var name in emptyLists)
        {
            w.WriteStartArray(name);
            w.WriteEndArray();
        }
        return null;
    }

    private static string? WriteObject(Utf8JsonWriter w, ObjectPropertiesValue? value, int depth, int maxDepth)
    {
        if (value is null && depth > maxDepth) return TooDeep(maxDepth);
        w.WriteStartObject();
        if (value is not null
            && WriteGroups(w, value.NonRefProperties, value.NumberArrayProperties, value.IntArrayProperties, value.TextArrayProperties,
                value.BooleanArrayProperties, value.ObjectProperties, value.ObjectArrayProperties, value.EmptyListProps, depth, maxDepth) is { } error)
            return error;
        w.WriteEndObject();
        return null;
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

    /// <summary>A whole number as an integer (JSON has one number type; int properties refuse 5.0 written as "5.0").</summary>
    public static void WriteNumber(Utf8JsonWriter w, double d)
    {
        if (double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992E15) w.WriteNumberValue((long)d);
        else if (double.IsFinite(d)) w.WriteNumberValue(d);
        else w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); // NaN/Infinity: refused by validation as a non-number
    }
}
