using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using static Barge.Server.Grpc.ProtoWireReader;

namespace Barge.Server.Grpc;

/// <summary>
/// Writes a <c>google.protobuf.Struct</c>, given as its wire bytes, as the members of an object, with the meaning
/// protobuf gives those bytes: <c>Struct { map&lt;string, Value&gt; fields = 1; }</c>, <c>Value</c> a oneof of
/// null_value (1), number_value (2), string_value (3), bool_value (4), struct_value (5) and list_value (6),
/// <c>ListValue { repeated Value values = 1; }</c>. Strings go from the request's UTF-8 to the values' UTF-8 without
/// becoming .NET strings, and no Struct, map or Value object is built: that materialization was most of what a gRPC
/// batch cost beyond a REST one (see bench/RESULTS.md). Protobuf's rules are kept: unknown fields are skipped, the
/// last member of a oneof wins, a map key sent twice keeps its first position and its last value, a map entry
/// without a value is null. What protobuf would refuse (truncated fields, invalid UTF-8) fails the object, with the
/// member it was in; nesting is limited as in <see cref="ProtoProperties"/>.
/// </summary>
internal static class StructWireValues
{
    /// <summary>Up to this many members, keys sent twice are found by comparing every pair; beyond, by a set.</summary>
    private const int PairwiseMembers = 32;

    private enum Kind { Null, Number, String, Bool, Struct, List }

    private readonly record struct Member(int KeyStart, int KeyLength, int ValueStart, int ValueLength);

    /// <summary>
    /// Writes the Struct's members into the object being written; its values are at <paramref name="depth"/>
    /// (counted as JSON nests, as <see cref="ProtoProperties"/> counts them). Returns why the bytes cannot be
    /// written, or null; on failure the output is partial and must be dropped.
    /// </summary>
    public static string? WriteMembers(SentValues w, ReadOnlySpan<byte> bytes, int depth, int maxDepth)
    {
        Member[]? rented = null;
        Span<Member> members = stackalloc Member[16];
        var count = 0;
        try
        {
            var reader = new ProtoWireReader(bytes);
            while (!reader.End)
            {
                if (!reader.TryReadTag(out var field, out var wireType)) return Malformed(default, "Struct");
                if (field != 1 || wireType != LengthDelimited)
                {
                    if (!reader.TrySkip(wireType)) return Malformed(default, "Struct");
                    continue;
                }
                if (!reader.TryReadLengthDelimited(out var entry)) return Malformed(default, "Struct");
                if (ReadEntry(bytes, entry) is not { } member) return Malformed(default, "Struct");
                if (!Utf8.IsValid(Key(bytes, member))) return "non_ref_properties: a member name is not valid UTF-8";
                if (count == members.Length)
                {
                    var larger = ArrayPool<Member>.Shared.Rent(count * 2);
                    members.CopyTo(larger);
                    if (rented is not null) ArrayPool<Member>.Shared.Return(rented);
                    members = rented = larger;
                }
                members[count++] = member;
            }
            return count <= PairwiseMembers
                ? WritePairwise(w, bytes, members[..count], depth, maxDepth)
                : WriteWithSet(w, bytes, members[..count], depth, maxDepth);
        }
        finally
        {
            if (rented is not null) ArrayPool<Member>.Shared.Return(rented);
        }
    }

    private static string? WritePairwise(SentValues w, ReadOnlySpan<byte> bytes, ReadOnlySpan<Member> members, int depth, int maxDepth)
    {
        for (var i = 0; i < members.Length; i++)
        {
            var key = Key(bytes, members[i]);
            var seen = false;
            for (var k = 0; k < i && !seen; k++) seen = key.SequenceEqual(Key(bytes, members[k]));
            if (seen) continue;
            var last = i;
            for (var k = i + 1; k < members.Length; k++)
                if (key.SequenceEqual(Key(bytes, members[k]))) last = k;
            if (WriteMember(w, bytes, key, members[last], depth, maxDepth) is { } error) return error;
        }
        return null;
    }

    private static string? WriteWithSet(SentValues w, ReadOnlySpan<byte> bytes, ReadOnlySpan<Member> members, int depth, int maxDepth)
    {
        var last = new Dictionary<string, int>(members.Length, StringComparer.Ordinal);
        for (var i = 0; i < members.Length; i++) last[Encoding.UTF8.GetString(Key(bytes, members[i]))] = i;
        var written = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < members.Length; i++)
        {
            var name = Encoding.UTF8.GetString(Key(bytes, members[i]));
            if (!written.Add(name)) continue;
            if (WriteMember(w, bytes, Key(bytes, members[i]), members[last[name]], depth, maxDepth) is { } error) return error;
        }
        return null;
    }

    private static ReadOnlySpan<byte> Key(ReadOnlySpan<byte> bytes, Member m) => bytes.Slice(m.KeyStart, m.KeyLength);

    private static string? WriteMember(SentValues w, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, Member value, int depth, int maxDepth)
    {
        w.WritePropertyName(key);
        return WriteValue(w, bytes.Slice(value.ValueStart, value.ValueLength), key, depth, maxDepth);
    }

    /// <summary>
    /// A map entry (<c>string key = 1; Value value = 2;</c>) as offsets into the Struct's bytes; a missing value is an
    /// empty Value (null). Null when the entry is malformed.
    /// </summary>
    private static Member? ReadEntry(ReadOnlySpan<byte> structBytes, ReadOnlySpan<byte> entry)
    {
        var reader = new ProtoWireReader(entry);
        ReadOnlySpan<byte> key = default, value = default;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return null;
            if (field is 1 or 2 && wireType == LengthDelimited)
            {
                if (!reader.TryReadLengthDelimited(out var span)) return null;
                if (field == 1) key = span;
                else value = span;
            }
            else if (!reader.TrySkip(wireType)) return null;
        }
        return new Member(Offset(structBytes, key), key.Length, Offset(structBytes, value), value.Length);
    }

    /// <summary>Where <paramref name="part"/> (a slice of <paramref name="whole"/>, or empty) starts in it.</summary>
    private static int Offset(ReadOnlySpan<byte> whole, ReadOnlySpan<byte> part) =>
        part.IsEmpty ? 0 : (int)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(whole), ref MemoryMarshal.GetReference(part));

    /// <summary>
    /// One <c>Value</c> at <paramref name="depth"/>, of the member named <paramref name="key"/> (directly or as a list
    /// item): its last kind field wins, none is null.
    /// </summary>
    private static string? WriteValue(SentValues w, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, int depth, int maxDepth)
    {
        var reader = new ProtoWireReader(bytes);
        var kind = Kind.Null;
        ulong scalar = 0;
        ReadOnlySpan<byte> span = default;
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return Malformed(key, "Value");
            var ok = (field, wireType) switch
            {
                (1, Varint) => Read(ref reader, Kind.Null, out kind, out scalar),
                (2, Fixed64) => reader.TryReadFixed64(out scalar) && Set(Kind.Number, out kind),
                (3, LengthDelimited) => reader.TryReadLengthDelimited(out span) && Set(Kind.String, out kind),
                (4, Varint) => Read(ref reader, Kind.Bool, out kind, out scalar),
                (5, LengthDelimited) => reader.TryReadLengthDelimited(out span) && Set(Kind.Struct, out kind),
                (6, LengthDelimited) => reader.TryReadLengthDelimited(out span) && Set(Kind.List, out kind),
                _ => reader.TrySkip(wireType),
            };
            if (!ok) return Malformed(key, "Value");
        }
        switch (kind)
        {
            case Kind.Number:
                ProtoProperties.WriteNumber(w, BitConverter.UInt64BitsToDouble(scalar));
                return null;
            case Kind.String:
                if (!Utf8.IsValid(span)) return $"non_ref_properties member '{Name(key)}': string_value is not valid UTF-8";
                w.WriteStringValue(span);
                return null;
            case Kind.Bool:
                w.WriteBooleanValue(scalar != 0);
                return null;
            case Kind.Struct:
                if (depth > maxDepth) return ProtoProperties.TooDeep(maxDepth);
                w.WriteStartObject();
                if (WriteMembers(w, span, depth + 1, maxDepth) is { } memberError) return memberError;
                w.WriteEndObject();
                return null;
            case Kind.List:
                if (depth > maxDepth) return ProtoProperties.TooDeep(maxDepth);
                w.WriteStartArray();
                if (WriteItems(w, span, key, depth + 1, maxDepth) is { } itemError) return itemError;
                w.WriteEndArray();
                return null;
            default:
                w.WriteNullValue();
                return null;
        }

        static bool Read(ref ProtoWireReader reader, Kind read, out Kind kind, out ulong value)
        {
            kind = read;
            return reader.TryReadVarint(out value);
        }

        static bool Set(Kind read, out Kind kind)
        {
            kind = read;
            return true;
        }
    }

    /// <summary>A <c>ListValue</c>'s values, in order.</summary>
    private static string? WriteItems(SentValues w, ReadOnlySpan<byte> bytes, ReadOnlySpan<byte> key, int depth, int maxDepth)
    {
        var reader = new ProtoWireReader(bytes);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType)) return Malformed(key, "ListValue");
            if (field != 1 || wireType != LengthDelimited)
            {
                if (!reader.TrySkip(wireType)) return Malformed(key, "ListValue");
                continue;
            }
            if (!reader.TryReadLengthDelimited(out var item)) return Malformed(key, "ListValue");
            if (WriteValue(w, item, key, depth, maxDepth) is { } error) return error;
        }
        return null;
    }

    /// <summary>Bytes protobuf could not read as <paramref name="message"/>, in the member named <paramref name="key"/> (if known).</summary>
    private static string Malformed(ReadOnlySpan<byte> key, string message) =>
        (key.IsEmpty ? "non_ref_properties: " : $"non_ref_properties member '{Name(key)}': ")
        + $"the bytes are not a valid google.protobuf.{message} (a truncated or malformed field)";

    /// <summary>A member name for a message; it has been checked to be UTF-8.</summary>
    private static string Name(ReadOnlySpan<byte> key) => Encoding.UTF8.GetString(key);
}
