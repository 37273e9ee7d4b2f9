using System.Globalization;
using System.Text;
using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Filters;

/// <summary>
/// Compiles a validated filter into an SQL boolean expression over an objects row (alias <c>o</c> by default).
/// Every property leaf is an <c>alias.seq IN (SELECT seq FROM idx WHERE field=… AND v …)</c> so that it
/// is answered from idx's primary key; reference hops nest such subqueries over the target class.
/// Values are bound as parameters named <c>$f0</c>, <c>$f1</c>, … added to the given command.
/// </summary>
public sealed class SqliteFilterCompiler
{
    private readonly SqliteCommand _command;
    private readonly string? _tenant;
    private int _aliases;

    private SqliteFilterCompiler(SqliteCommand command, string? tenant)
    {
        _command = command;
        _tenant = tenant;
    }

    /// <summary>
    /// The SQL for <paramref name="filter"/> on rows aliased <paramref name="alias"/>. <paramref name="tenant"/> scopes
    /// reference targets (targets in that tenant or in no tenant). Throws <see cref="StoreException"/> for
    /// <see cref="UnsearchableFilter"/> nodes (Weaviate's search-time errors) and <see cref="ArgumentException"/> for unvalidated clauses.
    /// </summary>
    public static string Compile(FilterNode filter, SqliteCommand command, string? tenant = null, string alias = "o") =>
        new SqliteFilterCompiler(command, tenant).Node(filter, alias);

    /// <summary>Registers <c>geo_distance(lat1, lon1, lat2, lon2)</c> (meters); needed by WithinGeoRange.</summary>
    public static void RegisterFunctions(SqliteConnection connection) =>
        connection.CreateFunction<double, double, double, double, double>("geo_distance", GeoMath.DistanceMeters, isDeterministic: true);

    private string Node(FilterNode node, string alias) => node switch
    {
        CompoundFilter { Operator: FilterOperator.And } c => Join(c.Operands, " AND ", alias),
        CompoundFilter { Operator: FilterOperator.Or } c => Join(c.Operands, " OR ", alias),
        CompoundFilter { Operator: FilterOperator.Not } c => $"NOT ({Join(c.Operands, " AND ", alias)})",
        IndexCondition i => $"{alias}.seq IN (SELECT seq FROM idx WHERE field = {Field(i.Class, i.Key)} AND {Predicate("v", i.Comparison, i.Values)})",
        ColumnCondition c => Predicate(ColumnSql(c.Column, alias, c.Comparison), c.Comparison, c.Values),
        ReferenceCondition r => Reference(r, alias),
        GeoCondition g => Geo(g, alias),
        ConstantFilter k => k.Matches ? "1" : "0",
        UnsearchableFilter u => throw new StoreException(u.Message),
        _ => throw new ArgumentException($"{node.GetType().Name} must be validated with FilterValidator before compiling", nameof(node)),
    };

    private string Join(IReadOnlyList<FilterNode> operands, string separator, string alias) =>
        "(" + string.Join(separator, operands.Select(o => Node(o, alias))) + ")";

    private static string ColumnSql(ObjectColumn column, string alias, Comparison comparison) => column switch
    {
        ObjectColumn.Id => $"{alias}.id",
        // Like on a timestamp matches its decimal digits, as Weaviate's string-keyed timestamp index does.
        ObjectColumn.CreationTime => comparison == Comparison.Like ? $"CAST({alias}.created AS TEXT)" : $"{alias}.created",
        _ => comparison == Comparison.Like ? $"CAST({alias}.updated AS TEXT)" : $"{alias}.updated",
    };

    private string Predicate(string operand, Comparison comparison, IReadOnlyList<object> values) => comparison switch
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
    /// GLOB for the anchored wildcard match, preceded by a range on the literal prefix so that the index narrows
    /// the scan (SQLite does not apply its own GLOB optimisation to an ANY-typed column).
    /// </summary>
    private string Like(string operand, string pattern)
    {
        var glob = LikePattern.ToGlob(pattern);
        var prefix = LikePattern.LiteralPrefix(pattern);
        var sql = $"{operand} GLOB {P(glob)}";
        if (prefix.Length == 0) return sql;
        // U+10FFFF sorts after every character that can follow the prefix in UTF-8 byte order.
        return $"{operand} >= {P(prefix)} AND {operand} < {P(prefix + char.ConvertFromUtf32(0x10FFFF))} AND {sql}";
    }

    /// <summary>
    /// Source rows whose reference entries (<c>Target/uuid</c>, or <c>/uuid</c> from class-less beacons) name a matching target.
    /// </summary>
    private string Reference(ReferenceCondition r, string alias)
    {
        var t = "t" + _aliases++;
        var inner = Node(r.Target, t);
        var tenant = _tenant is null ? "''" : P(_tenant);
        var targets = $"SELECT {t}.id FROM objects {t} WHERE {t}.class = {P(r.TargetClass)} AND {t}.tenant IN ({tenant}, '') AND ({inner})";
        return $"{alias}.seq IN (SELECT seq FROM idx WHERE field = {Field(r.Class, r.ReferenceProperty)} AND v IN " +
               $"(SELECT {P(r.TargetClass + "/")} || id FROM ({targets}) UNION ALL SELECT '/' || id FROM ({targets})))";
    }

    /// <summary>
    /// A latitude band from the index narrows the candidates; the exact great-circle distance (which also settles
    /// longitude) is then checked on the object's stored coordinates.
    /// </summary>
    private string Geo(GeoCondition g, string alias)
    {
        var box = GeoMath.BoundingBox(g.Range.Latitude, g.Range.Longitude, g.Range.MaxDistanceMeters);
        var path = "$.\"" + g.Property.Replace("\"", "", StringComparison.Ordinal) + "\"";
        return $"({alias}.seq IN (SELECT seq FROM idx WHERE field = {Field(g.Class, IndexKeys.Latitude(g.Property))} AND v BETWEEN {P(box.MinLat)} AND {P(box.MaxLat)}) " +
               $"AND geo_distance(json_extract({alias}.properties, {P(path + ".latitude")}), json_extract({alias}.properties, {P(path + ".longitude")}), " +
               $"{P(g.Range.Latitude)}, {P(g.Range.Longitude)}) <= {P(g.Range.MaxDistanceMeters)})";
    }

    /// <summary>The field id of an index key: evaluated once per statement; NULL (matching nothing) when never written.</summary>
    private string Field(string cls, string key) => $"(SELECT id FROM idx_fields WHERE class = {P(cls)} AND prop = {P(key)})";

    /// <summary>Adds a parameter and returns its name.</summary>
    private string P(object value)
    {
        var n = _command.Parameters.Count;
        string name;
        do name = "$f" + n++.ToString(CultureInfo.InvariantCulture);
        while (_command.Parameters.Contains(name));
        _command.Parameters.AddWithValue(name, value);
        return name;
    }
}
