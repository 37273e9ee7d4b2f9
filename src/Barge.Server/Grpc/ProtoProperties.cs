using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using static Barge.Server.Grpc.ProtoWireReader;

namespace Barge.Server.Grpc;

/// <summary>
/// Decodes the typed property groups of a <c>BatchObject.Properties</c> (or a nested <c>ObjectPropertiesValue</c>),
/// given as wire bytes, into the properties object Core validates (<see cref="SentValues"/>, read through
/// <see cref="SentValue"/>), holding what the same object sent as JSON over REST holds: scalars from the Struct
/// (<see cref="StructWireValues"/>; numbers that are whole as integers, so that int properties accept them), typed
/// arrays, nested objects, empty lists, and references as beacon lists. The groups are
/// written in one fixed order whatever order they came in, and no protobuf message is built on the way.
/// Protobuf's reading rules hold: repeated numbers, integers and booleans packed or not, the last <c>prop_name</c>
/// wins, unknown fields are skipped, a nested message sent twice is merged.
/// </summary>
internal static class ProtoProperties
{
    /// <summary>Field numbers of the typed groups in the message that holds them.</summary>
    private readonly record struct Groups(int Scalars, int Numbers, int Ints, int Texts, int Booleans, int Objects, int ObjectArrays, int EmptyLists);

    /// <summary><c>BatchObject.Properties</c>; its references are fields 2 (single target) and 3 (multi target).</summary>
    private static readonly Groups ObjectGroups = new(1, 4, 5, 6, 7, 8, 9, 10);
    /// <summary><c>ObjectPropertiesValue</c>, a nested object.</summary>
    private static readonly Groups NestedGroups = new(1, 2, 3, 4, 5, 6, 7, 10);

    private const int SingleTargetRefs = 2;
    private const int MultiTargetRefs = 3;

    /// <summary>
    /// Writes the properties of one batch object as an object, or returns why they cannot be written: bytes that
    /// are not the message they should be, text that is not UTF-8, packed numbers that are not whole float64 values,
    /// or nesting deeper than <paramref name="maxDepth"/> counted as JSON nests. On failure the output is partial: the
    /// caller cuts it back (<see cref="SentValues.Truncate"/>; every object of a batch goes into one SentValues).
    /// </summary>
    public static string? Write(SentValues w, ReadOnlySpan<byte> properties, int maxDepth)
    {
        w.WriteStartObject();
        if (WriteGroups(w, properties, ObjectGroups, depth: 1, maxDepth, out var present) is { } error) return error;
        if (WriteReferences(w, properties, present) is { } referenceError) return referenceError;
        w.WriteEndObject();
        return null;
    }

    /// <summary>Why properties cannot be written when they nest deeper than the limit.</summary>
    public static string TooDeep(int maxDepth) => $"properties nest deeper than {maxDepth} levels (BARGE_MAX_JSON_DEPTH)";

    /// <summary>The typed groups of an object at <paramref name="depth"/> (1: the object's properties).</summary>
    /// <summary>
    /// The typed groups of an object at <paramref name="depth"/> (1: the object's properties). <paramref name="present"/>
    /// says which length-delimited fields the message holds (bit n: field n), so that a group it does not hold costs
    /// no walk over the message: clients send few of the groups.
    /// </summary>
    private static string? WriteGroups(SentValues w, ReadOnlySpan<byte> message, Groups groups, int depth, int maxDepth, out uint present)
    {
        present = 0;
        if (depth > maxDepth) return TooDeep(maxDepth);
        if (!Fields(message, groups.Scalars, out present, out var scalars)) return Malformed("properties");
        if (!scalars.IsEmpty && StructWireValues.WriteMembers(w, scalars, depth + 1, maxDepth) is { } scalarError) return scalarError;

        var held = present;
        return Each(w, message, held, groups.Numbers, "NumberArrayProperties", WriteNumbers, depth, maxDepth)
            ?? Each(w, message, held, groups.Ints, "IntArrayProperties", WriteInts, depth, maxDepth)
            ?? Each(w, message, held, groups.Texts, "TextArrayProperties", WriteTexts, depth, maxDepth)
            ?? Each(w, message, held, groups.Booleans, "BooleanArrayProperties", WriteBooleans, depth, maxDepth)
            ?? Each(w, message, held, groups.Objects, "ObjectProperties", WriteObjectProperty, depth, maxDepth)
            ?? Each(w, message, held, groups.ObjectArrays, "ObjectArrayProperties", WriteObjectArray, depth, maxDepth)
            ?? (Holds(held, groups.EmptyLists) ? WriteEmptyLists(w, message, groups.EmptyLists) : null);
    }

    /// <summary>
    /// One walk over <paramref name="message"/>: which length-delimited fields below 32 it holds, and the last
    /// occurrence of <paramref name="scalarsField"/>; false when the message cannot be read.
    /// </summary>
    private static bool Fields(ReadOnlySpan<byte> message, int scalarsField, out uint present, out ReadOnlySpan<byte> scalars)
    {
        present = 0;
        scalars = default;
        var reader = new ProtoWireReader(message);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return false;
            if (wireType != LengthDelimited)
            {
                if (!reader.TrySkip(wireType)) return false;
                continue;
            }
            if (!reader.TryReadLengthDelimited(out var value)) return false;
            if (field < 32) present |= 1u << field;
            if (field == scalarsField) scalars = value;
        }
        return true;
    }

    private static bool Holds(uint present, int field) => (present & (1u << field)) != 0;

    private delegate string? GroupWriter(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth);

    /// <summary>Every occurrence of the group field <paramref name="field"/>, written with its <c>prop_name</c> (field 2).</summary>
    private static string? Each(SentValues w, ReadOnlySpan<byte> message, uint present, int field, string messageName, GroupWriter write, int depth, int maxDepth)
    {
        if (!Holds(present, field)) return null;
        var reader = new ProtoWireReader(message);
        while (Next(ref reader, field, out var group, out _))
        {
            if (Name(group, messageName, out var name) is { } nameError) return nameError;
            if (write(w, group, name, depth, maxDepth) is { } error) return error;
        }
        return null;
    }

    /// <summary><c>NumberArrayProperties</c>: <c>values_bytes</c> (3, float64s) when sent, else the deprecated <c>values</c> (1).</summary>
    private static string? WriteNumbers(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth)
    {
        scoped var valuesBytes = ReadOnlySpan<byte>.Empty;
        var reader = new ProtoWireReader(group);
        while (Next(ref reader, 3, out var bytes, out _)) valuesBytes = bytes;
        if (valuesBytes.Length % 8 != 0)
            return $"property '{Text(name)}': values_bytes must hold 8-byte float64 values, got {valuesBytes.Length} bytes";
        w.WriteStartArray(name);
        if (!valuesBytes.IsEmpty)
        {
            for (var i = 0; i < valuesBytes.Length; i += 8) WriteNumber(w, BinaryPrimitives.ReadDoubleLittleEndian(valuesBytes[i..]));
        }
        else
        {
            reader = new ProtoWireReader(group);
            while (!reader.End)
            {
                if (!reader.TryReadTag(out var field, out var wireType)) return Malformed("NumberArrayProperties");
                var ok = (field, wireType) switch
                {
                    (1, Fixed64) => reader.TryReadFixed64(out var bits) && Number(w, bits),
                    (1, LengthDelimited) => reader.TryReadLengthDelimited(out var packed) && packed.Length % 8 == 0 && Numbers(w, packed),
                    _ => reader.TrySkip(wireType),
                };
                if (!ok) return Malformed("NumberArrayProperties");
            }
        }
        w.WriteEndArray();
        return null;

        static bool Number(SentValues w, ulong bits)
        {
            WriteNumber(w, BitConverter.UInt64BitsToDouble(bits));
            return true;
        }

        static bool Numbers(SentValues w, ReadOnlySpan<byte> packed)
        {
            for (var i = 0; i < packed.Length; i += 8) WriteNumber(w, BinaryPrimitives.ReadDoubleLittleEndian(packed[i..]));
            return true;
        }
    }

    /// <summary><c>IntArrayProperties</c>: <c>repeated int64 values = 1</c>.</summary>
    private static string? WriteInts(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth)
    {
        w.WriteStartArray(name);
        if (!Varints(group, value => w.WriteNumberValue((long)value))) return Malformed("IntArrayProperties");
        w.WriteEndArray();
        return null;
    }

    /// <summary><c>BooleanArrayProperties</c>: <c>repeated bool values = 1</c>.</summary>
    private static string? WriteBooleans(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth)
    {
        w.WriteStartArray(name);
        if (!Varints(group, value => w.WriteBooleanValue(value != 0))) return Malformed("BooleanArrayProperties");
        w.WriteEndArray();
        return null;
    }

    /// <summary>The varints of field 1, packed or one per field, in order; false when malformed.</summary>
    private static bool Varints(ReadOnlySpan<byte> group, Action<ulong> write)
    {
        var reader = new ProtoWireReader(group);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return false;
            if (field == 1 && wireType == Varint)
            {
                if (!reader.TryReadVarint(out var value)) return false;
                write(value);
            }
            else if (field == 1 && wireType == LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out var packed)) return false;
                var values = new ProtoWireReader(packed);
                while (!values.End)
                {
                    if (!values.TryReadVarint(out var value)) return false;
                    write(value);
                }
            }
            else if (!reader.TrySkip(wireType)) return false;
        }
        return true;
    }

    /// <summary><c>TextArrayProperties</c>: <c>repeated string values = 1</c>.</summary>
    private static string? WriteTexts(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth)
    {
        w.WriteStartArray(name);
        var reader = new ProtoWireReader(group);
        while (Next(ref reader, 1, out var text, out _))
        {
            if (!Utf8.IsValid(text)) return $"property '{Text(name)}': a text value is not valid UTF-8";
            w.WriteStringValue(text);
        }
        w.WriteEndArray();
        return null;
    }

    /// <summary><c>ObjectProperties</c>: <c>ObjectPropertiesValue value = 1</c>, one nested object.</summary>
    private static string? WriteObjectProperty(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth)
    {
        scoped var value = ReadOnlySpan<byte>.Empty;
        var sent = false;
        byte[]? merged = null;
        var reader = new ProtoWireReader(group);
        while (Next(ref reader, 1, out var bytes, out _))
        {
            if (sent) merged = [.. value, .. bytes]; // rare: sent twice, merged
            value = merged is null ? bytes : merged;
            sent = true;
        }
        w.WritePropertyName(name);
        return WriteObject(w, sent, value, depth + 1, maxDepth);
    }

    /// <summary><c>ObjectArrayProperties</c>: <c>repeated ObjectPropertiesValue values = 1</c>.</summary>
    private static string? WriteObjectArray(SentValues w, ReadOnlySpan<byte> group, ReadOnlySpan<byte> name, int depth, int maxDepth)
    {
        w.WriteStartArray(name);
        var reader = new ProtoWireReader(group);
        while (Next(ref reader, 1, out var value, out _))
            if (WriteObject(w, sent: true, value, depth + 2, maxDepth) is { } error) return error;
        w.WriteEndArray();
        return null;
    }

    private static string? WriteObject(SentValues w, bool sent, ReadOnlySpan<byte> value, int depth, int maxDepth)
    {
        if (!sent && depth > maxDepth) return TooDeep(maxDepth);
        w.WriteStartObject();
        if (sent && WriteGroups(w, value, NestedGroups, depth, maxDepth, out _) is { } error) return error;
        w.WriteEndObject();
        return null;
    }

    private static string? WriteEmptyLists(SentValues w, ReadOnlySpan<byte> message, int field)
    {
        var reader = new ProtoWireReader(message);
        while (Next(ref reader, field, out var name, out _))
        {
            if (!Utf8.IsValid(name)) return "empty_list_props: a property name is not valid UTF-8";
            w.WriteStartArray(name);
            w.WriteEndArray();
        }
        return null;
    }

    /// <summary>
    /// Reference properties as REST's beacon lists. Clients send either plain ids or whole beacons; plain ids of a
    /// multi-target property are qualified with its target collection, those of a single-target one are left to
    /// Core to resolve (the class-less beacon form). A property named in both groups gets one list, in the order sent.
    /// </summary>
    private static string? WriteReferences(SentValues w, ReadOnlySpan<byte> properties, uint present)
    {
        if (!Holds(present, SingleTargetRefs) && !Holds(present, MultiTargetRefs)) return null;
        Dictionary<string, List<string>>? byName = null;
        if ((Add(properties, SingleTargetRefs, "SingleTargetRefProps", ref byName) ?? Add(properties, MultiTargetRefs, "MultiTargetRefProps", ref byName)) is { } error)
            return error;
        foreach (var (name, beacons) in byName ?? [])
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
        return null;

        static string? Add(ReadOnlySpan<byte> properties, int field, string messageName, ref Dictionary<string, List<string>>? byName)
        {
            var reader = new ProtoWireReader(properties);
            while (Next(ref reader, field, out var group, out _))
            {
                if (Name(group, messageName, out var nameBytes) is { } nameError) return nameError;
                scoped var target = ReadOnlySpan<byte>.Empty;
                var fields = new ProtoWireReader(group);
                while (Next(ref fields, 3, out var bytes, out _)) target = bytes;
                if (field == MultiTargetRefs && !Utf8.IsValid(target)) return $"reference property '{Text(nameBytes)}': target_collection is not valid UTF-8";
                byName ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
                var name = Text(nameBytes);
                if (!byName.TryGetValue(name, out var list)) byName[name] = list = [];
                var targetName = field == MultiTargetRefs ? Text(target) : "";
                var uuids = new ProtoWireReader(group);
                while (Next(ref uuids, 1, out var idBytes, out _))
                {
                    if (!Utf8.IsValid(idBytes)) return $"reference property '{name}': a uuid is not valid UTF-8";
                    var id = Text(idBytes);
                    list.Add(id.StartsWith("weaviate://", StringComparison.Ordinal) ? id
                        : targetName.Length == 0 ? $"weaviate://localhost/{id}" : $"weaviate://localhost/{targetName}/{id}");
                }
            }
            return null;
        }
    }

    /// <summary>
    /// The next length-delimited occurrence of <paramref name="field"/>, skipping every other field; false at the end
    /// or when the bytes are malformed (<paramref name="malformed"/>, which callers that have already read the same
    /// bytes once may ignore).
    /// </summary>
    private static bool Next(ref ProtoWireReader reader, int field, out ReadOnlySpan<byte> value, out bool malformed)
    {
        value = default;
        malformed = false;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var f, out var wireType)) break;
            if (f == field && wireType == LengthDelimited)
            {
                if (reader.TryReadLengthDelimited(out value)) return true;
                break;
            }
            if (!reader.TrySkip(wireType)) break;
        }
        malformed = !reader.End;
        return false;
    }

    /// <summary>A group's <c>prop_name</c> (field 2, the last one sent), checked to be UTF-8 and the group readable.</summary>
    private static string? Name(ReadOnlySpan<byte> group, string messageName, out ReadOnlySpan<byte> name)
    {
        var (start, length) = (0, 0);
        var reader = new ProtoWireReader(group);
        while (Next(ref reader, 2, out var bytes, out _)) (start, length) = (reader.Position - bytes.Length, bytes.Length);
        name = group.Slice(start, length);
        if (!Readable(group)) return Malformed(messageName);
        return Utf8.IsValid(name) ? null : $"{messageName}: prop_name is not valid UTF-8";
    }

    /// <summary>Whether every field of <paramref name="message"/> can be read (tags, lengths, varints).</summary>
    private static bool Readable(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoWireReader(message);
        while (!reader.End)
            if (!reader.TryReadTag(out _, out var wireType) || !reader.TrySkip(wireType)) return false;
        return true;
    }

    private static string Malformed(string messageName) =>
        $"the bytes are not a valid weaviate.v1.{messageName} (a truncated or malformed field)";

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>
    /// A whole number as an integer, as JSON would carry it (JSON has one number type; int properties refuse 5.0
    /// written as "5.0"); NaN and infinities as the strings that stand for them.
    /// </summary>
    public static void WriteNumber(SentValues w, double d)
    {
        if (double.IsFinite(d) && Math.Floor(d) == d && Math.Abs(d) < 9.007199254740992E15) w.WriteNumberValue((long)d);
        else if (double.IsFinite(d)) w.WriteNumberValue(d);
        else w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); // NaN/Infinity: refused by validation as a non-number
    }
}
