using System.Text.Json;
using Barge.Core.Schema;

namespace Barge.Core.Objects.Validation;

/// <summary>
/// One value of an object's properties as a dialect received it, read in place: what validation, auto-schema and the
/// reference pre-read need of it. REST hands over a parsed <see cref="JsonElement"/> (<see cref="JsonSentValue"/>);
/// a dialect whose wire is not JSON (gRPC) implements this over its own decoded form, so that it never writes JSON
/// only for it to be parsed back. Implementations are structs and the readers are generic over them, so that the
/// JIT compiles each reader once per source and the JSON path calls <see cref="JsonElement"/> directly.
/// The rules (which kinds a type accepts, the error texts) live once, in the readers; an implementation only says
/// what was sent: a value means what the same value sent as JSON means.
/// </summary>
public interface ISentValue<TSelf> where TSelf : struct, ISentValue<TSelf>
{
    /// <summary>The value's kind as JSON would have it (a string, a number, true, false, null, an object, an array).</summary>
    JsonValueKind Kind { get; }

    /// <summary>A string value's text.</summary>
    string GetString();

    /// <summary>Writes a string value to <paramref name="w"/> from its bytes, without making a .NET string of it.</summary>
    void WriteString(Utf8JsonWriter w);

    /// <summary>At least as many bytes as a string value's text has in UTF-8, known without decoding it.</summary>
    int StringUtf8BytesAtLeast { get; }

    /// <summary>A number that is an integer literal within int64 (as Go's <c>json.Number.Int64()</c> accepts it).</summary>
    bool TryGetInt64(out long value);

    /// <summary>A number as a double (out of range: infinite, which callers refuse).</summary>
    bool TryGetDouble(out double value);

    /// <summary>An object's member named <paramref name="name"/> (the last one, when sent twice).</summary>
    bool TryGetMember(string name, out TSelf value);

    /// <summary>A cursor before an array's first item.</summary>
    SentCursor Items();

    bool NextItem(ref SentCursor cursor, out TSelf item);

    /// <summary>A cursor before an object's first member.</summary>
    SentCursor Members();

    bool NextMember(ref SentCursor cursor, out TSelf value);

    /// <summary>The name of the member <paramref name="cursor"/> is on.</summary>
    string MemberName(in SentCursor cursor);

    /// <summary>
    /// Whether the member's name as sent is empty or starts with a lower-case ASCII letter (then it is no key re-cased
    /// to name a property another key names): checked for every member of every object, without a string.
    /// </summary>
    bool MemberNameStartsLowerAscii(in SentCursor cursor);

    /// <summary>The class's property the member names, either case of its first letter (<see cref="PropertyKeys"/>).</summary>
    PropertyDefinition? PropertyOf(ClassDefinition cls, in SentCursor cursor);

    /// <summary>
    /// The value as the JSON element the same value sent over REST would be: for what is rare (the values an error
    /// message shows, auto-schema's inference of a missing property, keys sent twice), never for every value.
    /// </summary>
    JsonElement ToJson();
}

/// <summary>
/// Where an enumeration of an <see cref="ISentValue{TSelf}"/>'s items or members stands. A JSON element keeps its
/// own enumerators; another source uses <see cref="Next"/> and <see cref="End"/> as it sees fit.
/// </summary>
public struct SentCursor
{
    internal JsonElement.ArrayEnumerator JsonItems;
    internal JsonElement.ObjectEnumerator JsonMembers;

    /// <summary>For a source that is not JSON: where its next item or member is.</summary>
    public int Next;

    /// <summary>For a source that is not JSON: where its items or members end.</summary>
    public int End;

    /// <summary>For a source that is not JSON: the member the cursor is on.</summary>
    public int Current;
}
