using System.Data.Common;
using System.Globalization;
using Barge.Core.Errors;
using Barge.Core.Filters;

namespace Barge.Storage.Relational;

/// <summary>
/// What the stores' filter compilers share: the walk over a validated filter tree, the comparison operators, the
/// literal-prefix range in front of a wildcard match, and the field-id lookup. A store supplies the SQL that differs by
/// dialect: the leaves (index tables, column types, reference and geo subqueries), boolean constants, its wildcard
/// match operator and how a value becomes a parameter. One compiler instance compiles one filter into one command.
/// </summary>
public abstract class SqlFilterCompiler
{
    private int _aliases;

    protected SqlFilterCompiler(string? tenant) => Tenant = tenant;

    /// <summary>The tenant that scopes reference targets (targets in that tenant or in no tenant).</summary>
    protected string? Tenant { get; }

    /// <summary>
    /// The SQL for <paramref name="node"/> on rows aliased <paramref name="alias"/>. Throws <see cref="StoreException"/>
    /// for <see cref="UnsearchableFilter"/> nodes (Weaviate's search-time errors) and <see cref="ArgumentException"/>
    /// for unvalidated clauses.
    /// </summary>
    protected string Node(FilterNode node, string alias) => node switch
    {
        CompoundFilter { Operator: FilterOperator.And } c => Join(RangeMerge.Operands(c.Operands), " AND ", alias),
        CompoundFilter { Operator: FilterOperator.Or } c => Join(c.Operands, " OR ", alias),
        CompoundFilter { Operator: FilterOperator.Not } c => $"NOT ({Join(c.Operands, " AND ", alias)})",
        IndexCondition i => Index(i, alias),
        ColumnCondition c => Column(c, alias),
        ReferenceCondition r => Reference(r, alias),
        GeoCondition g => Geo(g, alias),
        ConstantFilter k => Constant(k.Matches),
        UnsearchableFilter u => throw new StoreException(u.Message),
        _ => throw new ArgumentException($"{node.GetType().Name} must be validated with FilterValidator before compiling", nameof(node)),
    };

    private string Join(IReadOnlyList<FilterNode> operands, string separator, string alias) =>
        "(" + string.Join(separator, operands.Select(o => Node(o, alias))) + ")";

    protected abstract string Index(IndexCondition i, string alias);
    protected abstract string Column(ColumnCondition c, string alias);
    protected abstract string Reference(ReferenceCondition r, string alias);
    protected abstract string Geo(GeoCondition g, string alias);

    /// <summary>The dialect's literal for a condition that is always or never true.</summary>
    protected abstract string Constant(bool matches);

    /// <summary>
    /// <paramref name="operand"/> matched against the Weaviate Like <paramref name="pattern"/> (<c>*</c>, <c>?</c>) with
    /// the dialect's anchored wildcard operator, the pattern bound as a parameter.
    /// </summary>
    protected abstract string WildcardMatch(string operand, string pattern);

    /// <summary>Binds <paramref name="value"/> as a new parameter of the command and returns its placeholder.</summary>
    protected abstract string P(object value);

    /// <summary>
    /// Refuses the filter as the caller's input once the command holds more parameters than <paramref name="engine"/>
    /// binds in one statement: checked while compiling, so the database never starts on a statement it would refuse.
    /// </summary>
    protected static void CheckParameterCount(DbParameterCollection parameters, int limit, string engine)
    {
        if (parameters.Count > limit) throw FilterRefusal.TooManyValues(engine, limit);
    }

    protected string Predicate(string operand, Comparison comparison, IReadOnlyList<object> values) => comparison switch
    {
        Comparison.In when values.Count == 1 => $"{operand} = {P(values[0])}",
        Comparison.In => $"{operand} IN ({string.Join(", ", values.Select(P))})",
        Comparison.GreaterThan => $"{operand} > {P(values[0])}",
        Comparison.GreaterThanEqual => $"{operand} >= {P(values[0])}",
        Comparison.LessThan => $"{operand} < {P(values[0])}",
        Comparison.LessThanEqual => $"{operand} <= {P(values[0])}",
        _ => Like(operand, (string)values[0]),
    };

    /// <summary>
    /// An index condition's comparison on <paramref name="operand"/>, with its upper bound when it is a range
    /// (<see cref="RangeMerge"/>); <paramref name="convert"/> turns a value into what the index column holds.
    /// </summary>
    protected string Predicate(string operand, IndexCondition i, Func<object, object>? convert = null)
    {
        var values = convert is null ? i.Values : i.Values.Select(convert).ToList();
        var sql = Predicate(operand, i.Comparison, values);
        return i.Upper is not { } upper ? sql : $"{sql} AND {Predicate(operand, upper.Comparison, [convert is null ? upper.Value : convert(upper.Value)])}";
    }

    /// <summary>
    /// The wildcard match, preceded by a range on the literal prefix so that the index narrows the scan (each store's
    /// <see cref="WildcardMatch"/> says why its database does not do so itself). The operand must compare byte-wise.
    /// </summary>
    private string Like(string operand, string pattern)
    {
        var sql = WildcardMatch(operand, pattern);
        var prefix = LiteralPrefix(pattern);
        if (prefix.Length == 0) return sql;
        // U+10FFFF sorts after every character that can follow the prefix in UTF-8 byte order.
        return $"{operand} >= {P(prefix)} AND {operand} < {P(prefix + char.ConvertFromUtf32(0x10FFFF))} AND {sql}";
    }

    /// <summary>The characters before the first wildcard.</summary>
    private static string LiteralPrefix(string pattern)
    {
        var i = pattern.IndexOfAny(['*', '?']);
        return i < 0 ? pattern : pattern[..i];
    }

    /// <summary>The field id of an index key: evaluated once per statement; NULL (matching nothing) when never written.</summary>
    protected string Field(string cls, string key) => $"(SELECT id FROM idx_fields WHERE class = {P(cls)} AND prop = {P(key)})";

    /// <summary>A fresh table alias for the targets of a reference hop.</summary>
    protected string NextAlias() => "t" + _aliases++;

    /// <summary>
    /// <paramref name="prefix"/> and the first number from the count of <paramref name="parameters"/> up that no
    /// parameter is named yet: the caller's own parameters may already be in the command.
    /// </summary>
    protected static string FreeParameterName(DbParameterCollection parameters, string prefix)
    {
        var n = parameters.Count;
        string name;
        do name = prefix + n++.ToString(CultureInfo.InvariantCulture);
        while (parameters.Contains(name));
        return name;
    }
}
