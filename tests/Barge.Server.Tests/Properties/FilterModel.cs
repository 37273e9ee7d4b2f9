using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Barge.Server.Tests.Properties;

/// <summary>The data types of the generated class, each with the operators its filters are generated with.</summary>
internal enum Kind { Text, TextArray, Int, IntArray, Number, Bool, Date, Uuid }

/// <summary>A property of the generated class.</summary>
internal sealed record PropDef(string Name, Kind Kind, string? Tokenization = null)
{
    public bool IsArray => Kind is Kind.TextArray or Kind.IntArray;

    public string DataType => Kind switch
    {
        Kind.Text => "text",
        Kind.TextArray => "text[]",
        Kind.Int => "int",
        Kind.IntArray => "int[]",
        Kind.Number => "number",
        Kind.Bool => "boolean",
        Kind.Date => "date",
        _ => "uuid",
    };

    public JsonObject Schema()
    {
        var p = new JsonObject { ["name"] = Name, ["dataType"] = new JsonArray(DataType) };
        if (Tokenization is not null) p["tokenization"] = Tokenization;
        return p;
    }
}

/// <summary>A generated object: its id and the values it has (absent properties are not in the map).</summary>
internal sealed record GenObject(string Id, IReadOnlyDictionary<string, object> Values)
{
    public JsonObject ToJson(string cls)
    {
        var props = new JsonObject();
        foreach (var (name, value) in Values) props[name] = Wire(value);
        return new JsonObject { ["class"] = cls, ["id"] = Id, ["properties"] = props };
    }

    public static JsonNode Wire(object value) => value switch
    {
        string s => JsonValue.Create(s),
        long l => JsonValue.Create(l),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        DateValue d => JsonValue.Create(d.Text),
        string[] a => new JsonArray(a.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
        long[] a => new JsonArray(a.Select(x => (JsonNode)JsonValue.Create(x)).ToArray()),
        _ => throw new ArgumentException(value.GetType().Name),
    };
}

/// <summary>A date as sent (RFC 3339 with any offset) and the instant it names.</summary>
internal sealed record DateValue(string Text)
{
    public DateTimeOffset Instant => DateTimeOffset.Parse(Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    public override string ToString() => Text;
}

/// <summary>A generated where filter: a comparison on one property or id, or And / Or / Not of filters.</summary>
internal abstract record Filter
{
    public abstract JsonObject ToJson();
}

internal sealed record Compound(string Operator, IReadOnlyList<Filter> Operands) : Filter
{
    public override JsonObject ToJson() =>
        new() { ["operator"] = Operator, ["operands"] = new JsonArray(Operands.Select(o => (JsonNode)o.ToJson()).ToArray()) };
}

/// <summary>
/// A comparison. <paramref name="ValueField"/> is Weaviate's value field (valueText, valueIntArray, …) and
/// <paramref name="Value"/> its value as the model holds it (string, long, double, bool, DateValue or arrays of them).
/// </summary>
internal sealed record Clause(string Operator, PropDef? Prop, string ValueField, object Value) : Filter
{
    public string Path => Prop?.Name ?? "id";

    public override JsonObject ToJson()
    {
        var value = Value switch
        {
            DateValue[] dates => new JsonArray(dates.Select(d => (JsonNode)JsonValue.Create(d.Text)).ToArray()),
            double[] numbers => new JsonArray(numbers.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            bool[] flags => new JsonArray(flags.Select(f => (JsonNode)JsonValue.Create(f)).ToArray()),
            _ => GenObject.Wire(Value),
        };
        return new JsonObject { ["operator"] = Operator, ["path"] = new JsonArray(Path), [ValueField] = value };
    }
}

/// <summary>The filter's answer is not settled by Weaviate's documentation: only "no 5xx" is checked for it.</summary>
internal sealed class UnsettledException(string why) : Exception(why);

/// <summary>
/// Evaluates a filter over one object as Weaviate documents its semantics: text compares the tokens of the
/// property's tokenization (word: runs of letters and numbers, lower-cased; lowercase: split on whitespace, lower-cased;
/// whitespace: split on whitespace; field: the whole trimmed value), a multi-token Equal needs every token, Like matches
/// whole tokens with <c>*</c> and <c>?</c>, arrays match when any element does, NotEqual and ContainsNone are the
/// complements of Equal and ContainsAny (objects without the property included), IsNull is true for a missing property
/// or an empty array. Written from the documentation, not from Barge's code.
/// </summary>
internal static class FilterModel
{
    public static bool Matches(Filter filter, GenObject o) => filter switch
    {
        Compound { Operator: "And" } c => c.Operands.Select(x => Matches(x, o)).ToList().All(m => m),
        Compound { Operator: "Or" } c => c.Operands.Select(x => Matches(x, o)).ToList().Any(m => m),
        Compound { Operator: "Not" } c => !c.Operands.Select(x => Matches(x, o)).ToList().All(m => m),
        Clause { Prop: null } c => Id(c, o),
        Clause c => Property(c, o),
        _ => throw new ArgumentException(filter.ToString()),
    };

    private static bool Id(Clause c, GenObject o) => c.Operator switch
    {
        "Equal" => SameUuid(o.Id, (string)c.Value),
        "NotEqual" => !SameUuid(o.Id, (string)c.Value),
        "ContainsAny" => ((string[])c.Value).Any(v => SameUuid(o.Id, v)),
        _ => throw new ArgumentException(c.Operator),
    };

    private static bool SameUuid(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static bool Property(Clause c, GenObject o)
    {
        var p = c.Prop!;
        o.Values.TryGetValue(p.Name, out var value);
        switch (c.Operator)
        {
            case "IsNull":
                if (value is string { Length: 0 }) throw new UnsettledException("IsNull on an empty string");
                var isNull = value is null or string[] { Length: 0 } or long[] { Length: 0 };
                return isNull == (bool)c.Value;
            case "NotEqual":
                return !Property(c with { Operator = "Equal" }, o);
            case "ContainsNone":
                return !Property(c with { Operator = "ContainsAny" }, o);
        }
        if (value is null) return false;
        return p.Kind switch
        {
            Kind.Text or Kind.TextArray => Text(c, p, value),
            Kind.Int => Compare(c.Operator, Items<long>(c.Value), [(long)value], (a, b) => a.CompareTo(b)),
            Kind.IntArray => Compare(c.Operator, Items<long>(c.Value), (long[])value, (a, b) => a.CompareTo(b)),
            // IEEE order: -0 equals 0.
            Kind.Number => Compare(c.Operator, Items<double>(c.Value), [(double)value], (a, b) => a == b ? 0 : a.CompareTo(b)),
            Kind.Bool => Compare(c.Operator, Items<bool>(c.Value), [(bool)value], (a, b) => a.CompareTo(b)),
            Kind.Date => Compare(c.Operator, Items<DateValue>(c.Value).Select(d => d.Instant).ToArray(), [((DateValue)value).Instant], (a, b) => a.CompareTo(b)),
            _ => Compare(c.Operator, Items<string>(c.Value), [(string)value], (a, b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase)),
        };
    }

    private static T[] Items<T>(object value) => value as T[] ?? [(T)value];

    /// <summary>
    /// Any stored element against the filter's values: Equal and the ranges need one element to satisfy them (against
    /// the single value), ContainsAny one element equal to one value, ContainsAll every value equal to some element.
    /// </summary>
    private static bool Compare<T>(string op, T[] values, T[] stored, Func<T, T, int> compare) => op switch
    {
        "Equal" => stored.Any(s => compare(s, values[0]) == 0),
        "GreaterThan" => stored.Any(s => compare(s, values[0]) > 0),
        "GreaterThanEqual" => stored.Any(s => compare(s, values[0]) >= 0),
        "LessThan" => stored.Any(s => compare(s, values[0]) < 0),
        "LessThanEqual" => stored.Any(s => compare(s, values[0]) <= 0),
        "ContainsAny" => values.Any(v => stored.Any(s => compare(s, v) == 0)),
        "ContainsAll" => values.All(v => stored.Any(s => compare(s, v) == 0)),
        _ => throw new ArgumentException(op),
    };

    private static bool Text(Clause c, PropDef p, object value)
    {
        var stored = (value is string[] a ? a : [(string)value]).SelectMany(v => Tokenize(p.Tokenization, v)).ToHashSet(StringComparer.Ordinal);
        switch (c.Operator)
        {
            case "Equal":
                var terms = Tokenize(p.Tokenization, (string)c.Value);
                if (terms.Count == 0) throw new UnsettledException("a text value without tokens");
                return terms.All(stored.Contains);
            case "Like":
                var pattern = LowerCases(p.Tokenization) ? ((string)c.Value).ToLowerInvariant() : (string)c.Value;
                var regex = new Regex("^" + string.Concat(pattern.Select(ch => ch switch { '*' => ".*", '?' => ".", _ => Regex.Escape(ch.ToString()) })) + "$",
                    RegexOptions.Singleline | RegexOptions.CultureInvariant);
                return stored.Any(regex.IsMatch);
            case "ContainsAny" or "ContainsAll":
                var items = ((string[])c.Value).Select(v => Tokenize(p.Tokenization, v)).ToList();
                if (items.Any(t => t.Count != 1)) throw new UnsettledException("a Contains item that is not one token");
                return c.Operator == "ContainsAny" ? items.Any(t => stored.Contains(t[0])) : items.All(t => stored.Contains(t[0]));
            default:
                throw new ArgumentException(c.Operator);
        }
    }

    private static bool LowerCases(string? tokenization) => tokenization is null or "word" or "lowercase";

    /// <summary>Weaviate's tokenizations (helpers.Tokenize): word splits on what is not unicode.IsLetter or unicode.IsNumber.</summary>
    public static List<string> Tokenize(string? tokenization, string text) => tokenization switch
    {
        "field" => text.Trim() is { Length: > 0 } t ? [t] : [],
        "whitespace" => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList(),
        "lowercase" => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(t => t.ToLowerInvariant()).ToList(),
        _ => Words(text),
    };

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var letterOrNumber = Rune.IsLetter(rune) || category is UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber;
            if (letterOrNumber) current.Append(Rune.ToLowerInvariant(rune).ToString());
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
