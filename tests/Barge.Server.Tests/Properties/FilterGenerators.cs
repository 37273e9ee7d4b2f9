using FsCheck;
using FsCheck.Fluent;

namespace Barge.Server.Tests.Properties;

/// <summary>
/// FsCheck generators for a batch of objects of every data type the store indexes, with edge values (empty and
/// whitespace-only strings, NUL, unicode, the int64 ends and 2^53 + 1, negative zero, the double extremes, dates at
/// the ends of the calendar and in other offsets), and where filters over them with every operator, nested.
/// Filter values are drawn from the same pools as the objects so that filters match some objects and not others.
/// </summary>
internal static class FilterGenerators
{
    public static readonly PropDef[] Props =
    [
        new("w", Kind.Text, "word"), new("l", Kind.Text, "lowercase"), new("s", Kind.Text, "whitespace"), new("f", Kind.Text, "field"),
        new("tags", Kind.TextArray, "word"), new("ftags", Kind.TextArray, "field"), new("n", Kind.Int), new("ns", Kind.IntArray),
        new("x", Kind.Number), new("b", Kind.Bool), new("d", Kind.Date), new("u", Kind.Uuid),
    ];

    // No stopword of the en preset: a filter of stopwords only is a search-time error, and Weaviate drops them from values.
    private static readonly string[] Vocabulary =
        ["alpha", "Alpha", "ALPHA", "beta", "gamma", "Delta", "café", "CAFÉ", "日本", "東京", "ångström", "x1", "42", "zeta9", "ωmega"];

    private static readonly string[] Separators = [" ", "  ", "-", ", ", "\t", "\0", "\n", ".", "\u00a0", "_"];

    private static readonly long[] Ints = [0, 1, -1, 42, -7, long.MaxValue, long.MinValue, 9_007_199_254_740_993, 9_007_199_254_740_992, -9_007_199_254_740_993];

    private static readonly double[] Numbers = [0.0, -0.0, 1.5, -1.5, 0.1, 1e308, -1e308, 5e-324, 2.5, 1e-10, 9_007_199_254_740_993.0, 42.0];

    private static readonly DateValue[] Dates =
    [
        new("1970-01-01T00:00:00Z"), new("2020-01-01T00:00:00Z"), new("2020-01-01T01:00:00+01:00"), new("2019-12-31T23:59:59.999Z"),
        new("0001-01-01T00:00:00Z"), new("9999-12-31T23:59:59Z"), new("2021-06-01T12:00:00.123456Z"), new("2000-02-29T00:00:00-05:30"),
    ];

    private static readonly string[] Uuids =
        ["6a7c7e2f-3b1d-4c5e-9f00-000000000001", "6a7c7e2f-3b1d-4c5e-9f00-00000000000a", "ffffffff-ffff-4fff-bfff-ffffffffffff"];

    private static Gen<string> Token => Gen.Elements(Vocabulary);

    private static Gen<string> Text => Gen.Frequency(
        (1, Gen.Constant("")), (1, Gen.Elements(" ", "\0", "\t\n")),
        (10, from count in Gen.Choose(1, 4)
             from tokens in Gen.ArrayOf(Token, count)
             from seps in Gen.ArrayOf(Gen.Elements(Separators), count)
             from lead in Gen.Elements("", "", " ", "\0")
             select lead + string.Concat(tokens.Zip(seps, (t, s) => t + s)).TrimEnd(' ')),
        // Long, but within the 2,000 bytes a field-tokenized value may have as one index entry (a documented refusal).
        (1, from t in Token select string.Join(' ', Enumerable.Repeat(t, 100))));

    private static Gen<object> Value(PropDef p) => p.Kind switch
    {
        Kind.Text => Text.Select(v => (object)v),
        Kind.TextArray => Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Text, n)).Select(v => (object)v),
        Kind.Int => Gen.Elements(Ints).Select(v => (object)v),
        Kind.IntArray => Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements(Ints), n)).Select(v => (object)v),
        Kind.Number => Gen.Elements(Numbers).Select(v => (object)v),
        Kind.Bool => Gen.Elements(true, false).Select(v => (object)v),
        Kind.Date => Gen.Elements(Dates).Select(v => (object)v),
        _ => Gen.Elements(Uuids).Select(v => (object)v),
    };

    /// <summary>An object with each property present four times in five.</summary>
    private static Gen<GenObject> Object(string id)
    {
        Gen<Dictionary<string, object>> values = Gen.Constant(new Dictionary<string, object>());
        foreach (var p in Props)
            values = from map in values
                     from present in Gen.Frequency((1, Gen.Constant(false)), (4, Gen.Constant(true)))
                     from value in Value(p)
                     select present ? new Dictionary<string, object>(map) { [p.Name] = value } : map;
        return values.Select(v => new GenObject(id, v));
    }

    /// <summary><paramref name="count"/> objects with ids <paramref name="firstId"/> on.</summary>
    public static Gen<GenObject[]> Objects(int count, int firstId)
    {
        Gen<List<GenObject>> all = Gen.Constant(new List<GenObject>());
        for (var i = 0; i < count; i++)
        {
            var id = $"00000000-0000-4000-8000-{firstId + i:D12}";
            all = from list in all from o in Object(id) select new List<GenObject>(list) { o };
        }
        return all.Select(l => l.ToArray());
    }

    public static Gen<Filter> Filters(GenObject[] objects) => Gen.Sized(size => Tree(objects, Math.Min(size, 3)));

    private static Gen<Filter> Tree(GenObject[] objects, int depth)
    {
        if (depth == 0) return Leaf(objects);
        var sub = Tree(objects, depth - 1);
        return Gen.Frequency(
            (5, Leaf(objects)),
            (1, from n in Gen.Choose(1, 3) from ops in Gen.ArrayOf(sub, n) select (Filter)new Compound("And", ops)),
            (1, from n in Gen.Choose(1, 3) from ops in Gen.ArrayOf(sub, n) select (Filter)new Compound("Or", ops)),
            (1, from op in sub select (Filter)new Compound("Not", [op])));
    }

    private static Gen<Filter> Leaf(GenObject[] objects) => Gen.Frequency(
        (1, IdClause(objects)),
        (12, Gen.Elements(Props).SelectMany(p => Clause(p, objects))));

    private static Gen<Filter> IdClause(GenObject[] objects)
    {
        var id = Gen.Elements(objects.Select(o => o.Id).Append("00000000-0000-4000-8000-999999999999").ToArray())
            .SelectMany(v => Gen.Elements(v, v.ToUpperInvariant()));
        return Gen.OneOf(
            id.Select(v => (Filter)new Clause("Equal", null, "valueText", v)),
            id.Select(v => (Filter)new Clause("NotEqual", null, "valueText", v)),
            Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(id, n)).Select(v => (Filter)new Clause("ContainsAny", null, "valueTextArray", v)));
    }

    private static readonly string[] Ranges = ["Equal", "NotEqual", "GreaterThan", "GreaterThanEqual", "LessThan", "LessThanEqual"];
    private static readonly string[] Contains = ["ContainsAny", "ContainsAll", "ContainsNone"];

    private static Gen<Filter> Clause(PropDef p, GenObject[] objects)
    {
        var isNull = Gen.Elements(true, false).Select(v => (Filter)new Clause("IsNull", p, "valueBoolean", v));
        return p.Kind switch
        {
            Kind.Text or Kind.TextArray => Gen.Frequency((1, isNull), (8, TextClause(p, objects))),
            Kind.Int or Kind.IntArray => Gen.Frequency((1, isNull), (8, Typed(p, "valueInt", Gen.Elements(Ints).Select(v => (object)v),
                Gen.Choose(-50, 50).Select(v => (object)(long)v)))),
            Kind.Number => Gen.Frequency((1, isNull), (8, Typed(p, "valueNumber", Gen.Elements(Numbers).Select(v => (object)v),
                Gen.Choose(-50, 50).Select(v => (object)(v / 4.0))))),
            Kind.Date => Gen.Frequency((1, isNull), (8, Typed(p, "valueDate", Gen.Elements(Dates).Select(v => (object)v), null))),
            Kind.Bool => Gen.Frequency((1, isNull),
                (4, from op in Gen.Elements("Equal", "NotEqual") from v in Gen.Elements(true, false) select (Filter)new Clause(op, p, "valueBoolean", v)),
                (1, from op in Gen.Elements(Contains)
                    from v in Gen.Elements(new[] { true }, [false], [true, false])
                    select (Filter)new Clause(op, p, "valueBooleanArray", v))),
            _ => Gen.Frequency((1, isNull),
                (4, from op in Gen.Elements("Equal", "NotEqual") from v in UuidValue select (Filter)new Clause(op, p, "valueText", v)),
                // Weaviate refuses ContainsNone (and Like) on uuid properties.
                (2, from op in Gen.Elements("ContainsAny", "ContainsAll")
                    from n in Gen.Choose(1, 2)
                    from v in Gen.ArrayOf(UuidValue, n)
                    select (Filter)new Clause(op, p, "valueTextArray", v))),
        };
    }

    private static Gen<string> UuidValue => Gen.Elements(Uuids.Append("6a7c7e2f-3b1d-4c5e-9f00-0000000000ff").ToArray())
        .SelectMany(v => Gen.Elements(v, v.ToUpperInvariant()));

    /// <summary>Comparisons and Contains operators on a typed property, values from the pool or (when given) a range.</summary>
    private static Gen<Filter> Typed(PropDef p, string field, Gen<object> pool, Gen<object>? range)
    {
        var value = range is null ? pool : Gen.Frequency((3, pool), (1, range));
        return Gen.Frequency(
            (4, from op in Gen.Elements(Ranges) from v in value select (Filter)new Clause(op, p, field, v)),
            (2, from op in Gen.Elements(Contains)
                from n in Gen.Choose(1, 3)
                from vs in Gen.ArrayOf(value, n)
                select (Filter)new Clause(op, p, field + "Array", TypedArray(vs))));
    }

    private static object TypedArray(object[] values) => values[0] switch
    {
        long => values.Cast<long>().ToArray(),
        double => values.Cast<double>().ToArray(),
        _ => values.Cast<DateValue>().ToArray(),
    };

    private static Gen<Filter> TextClause(PropDef p, GenObject[] objects)
    {
        // Stored values of this property (field tokenization compares whole values) and plain tokens.
        var stored = objects.Select(o => o.Values.GetValueOrDefault(p.Name)).SelectMany(v => v switch
        {
            string s => [s],
            string[] a => a,
            _ => Array.Empty<string>(),
        }).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct().ToArray();
        var whole = stored.Length == 0 ? Token : Gen.Frequency((1, Token), (2, Gen.Elements(stored)));
        var single = p.Tokenization == "field" ? whole : Token;
        var equalValue = p.Tokenization == "field"
            ? from v in whole from pad in Gen.Elements("", " ", "\t") select pad + v + pad
            : p.IsArray ? Token : from n in Gen.Choose(1, 2) from ts in Gen.ArrayOf(Token, n) select string.Join(' ', ts);
        var likePattern = from v in single
                          from kind in Gen.Choose(0, 4)
                          from at in Gen.Choose(0, Math.Max(0, v.Length - 1))
                          select kind switch
                          {
                              0 => v[..Math.Min(v.Length, at + 1)] + "*",
                              1 => "*" + v[at..],
                              2 => v[..at] + "?" + (at + 1 < v.Length ? v[(at + 1)..] : ""),
                              3 => "*",
                              _ => v,
                          };
        return Gen.Frequency(
            (4, from op in Gen.Elements("Equal", "NotEqual") from v in equalValue select (Filter)new Clause(op, p, "valueText", v)),
            (2, from v in likePattern select (Filter)new Clause("Like", p, "valueText", v)),
            (2, from op in Gen.Elements(Contains)
                from n in Gen.Choose(1, 3)
                from vs in Gen.ArrayOf(single, n)
                select (Filter)new Clause(op, p, "valueTextArray", vs)));
    }
}
