using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Barge.Core.Objects.Validation;

namespace Barge.Server.Weaviate;

/// <summary>
/// Renders JSON values the way Weaviate's Go code prints the decoded value (<c>%T</c>, <c>%v</c>, <c>%s</c>, <c>%#v</c>),
/// because clients and tests match on those error strings. Go decodes numbers as <c>json.Number</c> (a string type),
/// objects as <c>map[string]interface {}</c> (printed with sorted keys) and arrays as <c>[]interface {}</c>. Core's
/// validation messages show their values through <see cref="GoValueWording"/>, which prints them with this.
/// </summary>
public static class GoFormat
{
    /// <summary>Go's <c>%T</c> of the decoded value.</summary>
    public static string TypeName(JsonNode? node) => Kind(node) switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "json.Number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Object => "map[string]interface {}",
        JsonValueKind.Array => "[]interface {}",
        _ => "<nil>",
    };

    /// <summary>Go's <c>%v</c>.</summary>
    public static string V(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteV(sb, node, sVerb: false);
        return sb.ToString();
    }

    /// <summary>Go's <c>%s</c>: like <c>%v</c>, but non-string scalars print as <c>%!s(bool=true)</c>.</summary>
    public static string S(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteV(sb, node, sVerb: true);
        return sb.ToString();
    }

    /// <summary>Go's <c>%#v</c> (Go-syntax representation).</summary>
    public static string SharpV(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteSharpV(sb, node, inInterface: false);
        return sb.ToString();
    }

    private static JsonValueKind Kind(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    // The same renderings for a value read straight from the request. Only error messages need them, so the
    // value is wrapped as a node (no copy) and rendered by the one implementation above.
    public static string TypeName(JsonElement value) => TypeName(Node(value));
    public static string V(JsonElement value) => V(Node(value));
    public static string S(JsonElement value) => S(Node(value));
    public static string SharpV(JsonElement value) => SharpV(Node(value));

    private static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(value),
    };

    /// <summary>The literal text of a JSON number, as Go's <c>json.Number</c> keeps it.</summary>
    private static string NumberText(JsonNode node) =>
        node is JsonValue value && value.TryGetValue<JsonElement>(out var element) ? element.GetRawText() : node.ToJsonString();

    private static void WriteV(StringBuilder sb, JsonNode? node, bool sVerb)
    {
        switch (Kind(node))
        {
            case JsonValueKind.String:
                sb.Append(node!.GetValue<string>());
                break;
            case JsonValueKind.Number:
                sb.Append(NumberText(node!));
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                var b = Kind(node) == JsonValueKind.True ? "true" : "false";
                sb.Append(sVerb ? $"%!s(bool={b})" : b);
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in node!.AsArray())
                {
                    if (!first) sb.Append(' ');
                    first = false;
                    WriteV(sb, item, sVerb);
                }
                sb.Append(']');
                break;
            case JsonValueKind.Object:
                sb.Append("map[");
                var firstKey = true;
                foreach (var (key, value) in SortedMembers(node!.AsObject()))
                {
                    if (!firstKey) sb.Append(' ');
                    firstKey = false;
                    sb.Append(key).Append(':');
                    WriteV(sb, value, sVerb);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(sVerb ? "%!s(<nil>)" : "<nil>");
                break;
        }
    }

    private static void WriteSharpV(StringBuilder sb, JsonNode? node, bool inInterface)
    {
        switch (Kind(node))
        {
            case JsonValueKind.String:
                sb.Append(Quote(node!.GetValue<string>()));
                break;
            case JsonValueKind.Number:
                // json.Number is a named string type, so %#v quotes it.
                sb.Append(Quote(NumberText(node!)));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Array:
                sb.Append("[]interface {}{");
                var first = true;
                foreach (var item in node!.AsArray())
                {
                    if (!first) sb.Append(", ");
                    first = false;
                    WriteSharpV(sb, item, inInterface: true);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Object:
                sb.Append("map[string]interface {}{");
                var firstKey = true;
                foreach (var (key, value) in SortedMembers(node!.AsObject()))
                {
                    if (!firstKey) sb.Append(", ");
                    firstKey = false;
                    sb.Append(Quote(key)).Append(':');
                    WriteSharpV(sb, value, inInterface: true);
                }
                sb.Append('}');
                break;
            default:
                sb.Append(inInterface ? "interface {}(nil)" : "<nil>");
                break;
        }
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> SortedMembers(JsonObject obj) =>
        obj.OrderBy(kv => kv.Key, StringComparer.Ordinal);

    /// <summary>Approximates Go's <c>strconv.Quote</c> for the characters that appear in practice.</summary>
    private static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}

/// <summary>Core's validation messages with their values printed as Weaviate prints them (<see cref="GoFormat"/>).</summary>
public sealed class GoValueWording : IValueWording
{
    public static readonly GoValueWording Instance = new();

    public string Show(ShownValue value) => value.View switch
    {
        ValueView.TypeOf => GoFormat.TypeName(value.Value),
        ValueView.Plain => GoFormat.V(value.Value),
        ValueView.AsText => GoFormat.S(value.Value),
        _ => GoFormat.SharpV(value.Value),
    };
}
