using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite.Filters;

/// <summary>
/// Compiles a validated filter into an SQL boolean expression over an objects row (alias <c>o</c> by default; the
/// dialect-free part is <see cref="SqlFilterCompiler"/>). Every property leaf is an
/// <c>alias.seq IN (…)</c> over the seqs of the matching posting rows (<see cref="IndexParts.Seqs"/>), answered from the
/// postings' primary key, one search per part; reference hops nest such subqueries over the target class.
/// Values are bound as parameters named <c>$f0</c>, <c>$f1</c>, … added to the given command.
/// </summary>
public sealed partial class SqliteFilterCompiler : SqlFilterCompiler
{
    /// <summary>SQLITE_MAX_VARIABLE_NUMBER as SQLite is built by default (since 3.32): more parameters fail the statement.</summary>
    private const int MaxVariables = 32_766;

    private readonly SqliteCommand _command;
    private readonly IndexSegment? _segment;
    private readonly bool _perRow;

    private SqliteFilterCompiler(SqliteCommand command, string? tenant, IndexSegment? segment, bool perRow = false) : base(tenant)
    {
        _command = command;
        _segment = segment;
        _perRow = perRow;
    }

    /// <summary>
    /// The SQL for <paramref name="filter"/> on rows aliased <paramref name="alias"/>. <paramref name="tenant"/> scopes
    /// reference targets (targets in that tenant or in no tenant). Throws <see cref="StoreException"/> for
    /// <see cref="UnsearchableFilter"/> nodes (Weaviate's search-time errors) and <see cref="ArgumentException"/> for unvalidated clauses.
    /// <paramref name="segment"/> holds the entries not yet written to the posting rows: each leaf also matches its
    /// seqs, read now, before the statement starts (see <see cref="SegmentSeqs"/>).
    /// </summary>
    public static string Compile(FilterNode filter, SqliteCommand command, string? tenant = null, string alias = "o", IndexSegment? segment = null) =>
        new SqliteFilterCompiler(command, tenant, segment).Node(filter, alias);

    /// <summary>
    /// As <see cref="Compile"/>, for a statement driven by a few known rows (the best candidates of a keyword search):
    /// each index leaf looks for the row's own seq in the posting rows of the row's part (one key's rows, a correlated
    /// subquery) instead of collecting every matching seq of the store first, which for a value most objects hold
    /// would cost the whole list on every call.
    /// </summary>
    public static string CompilePerRow(FilterNode filter, SqliteCommand command, string? tenant, IndexSegment? segment, string alias = "o") =>
        new SqliteFilterCompiler(command, tenant, segment, perRow: true).Node(filter, alias);

    /// <summary>
    /// Registers <c>geo_distance(lat1, lon1, lat2, lon2)</c> (meters) on the command's connection. Only a WithinGeoRange
    /// filter calls it, so only its statements pay for it: registering a function hands SQLite a fresh native callback,
    /// whose release through the finalizer cost more CPU than a whole cursor page when every read connection did it.
    /// </summary>
    private void RegisterGeoDistance() =>
        _command.Connection?.CreateFunction<double, double, double, double, double>("geo_distance", GeoMath.DistanceMeters, isDeterministic: true);

    /// <summary>
    /// Registers <c>nul_safe(blob)</c>: UTF-8 text with each U+0000 as U+FFFD. It takes the blob form because SQLite
    /// hands text to functions as a NUL-terminated string. Only Like statements call it (see <see cref="RegisterGeoDistance"/>
    /// on why registration is per statement).
    /// </summary>
    private void RegisterNulSafe() =>
        _command.Connection?.CreateFunction<byte[], string>("nul_safe", bytes => System.Text.Encoding.UTF8.GetString(bytes).Replace('\0', '\uFFFD'), isDeterministic: true);

    protected override string Constant(bool matches) => matches ? "1" : "0";

    protected override string Index(IndexCondition i, string alias) => _perRow
        ? $"(EXISTS (SELECT 1 FROM postings p, json_each(p.seqs) j WHERE p.part = {alias}.seq >> {IndexParts.SeqShift} " +
          $"AND p.field = {Field(i.Class, i.Key)} AND {Predicate("p.v", i)} AND j.value = ({alias}.seq & {(1 << IndexParts.SeqShift) - 1})) " +
          $"OR {alias}.seq IN (SELECT NULL WHERE 0{SegmentSeqs(i.Class, i.Key, v => Predicate(v, i), i.Comparison == Comparison.In ? i.Values : null)}))"
        : $"{alias}.seq IN ({IndexParts.Seqs($"p.field = {Field(i.Class, i.Key)} AND {Predicate("p.v", i)}")}" +
        $"{SegmentSeqs(i.Class, i.Key, v => Predicate(v, i), i.Comparison == Comparison.In ? i.Values : null)})";

    /// <summary>
    /// <c>UNION ALL</c> the seqs of the in-memory segment's lists of (class, key) whose value satisfies
    /// <paramref name="condition"/> (given the SQL of the value), or nothing when the segment holds none. Equality
    /// (<paramref name="equalTo"/>) is looked up here and only the seqs are bound; any other condition is left to
    /// SQLite, over the segment's values of that key bound as JSON, so that it compares exactly as on the posting rows.
    /// </summary>
    private string SegmentSeqs(string cls, string key, Func<string, string> condition, IReadOnlyList<object>? equalTo)
    {
        if (_segment is null) return "";
        if (equalTo is not null && equalTo.All(SegmentJson.IsIndexValue))
        {
            var seqs = new List<long>();
            _segment.CollectEqual(cls, key, equalTo, seqs);
            return seqs.Count == 0 ? "" : $" UNION ALL SELECT value FROM json_each({P(SegmentJson.Seqs(seqs))})";
        }
        var values = _segment.ValuesOf(cls, key);
        if (values.Count == 0) return "";
        return $" UNION ALL SELECT s.value FROM json_each({P(SegmentJson.Lists(values))}) j, json_each(j.value, '$[1]') s " +
               $"WHERE {condition("json_extract(j.value, '$[0]')")}";
    }

    protected override string Column(ColumnCondition c, string alias) => Predicate(ColumnSql(c.Column, alias, c.Comparison), c.Comparison, c.Values);

    private static string ColumnSql(ObjectColumn column, string alias, Comparison comparison) => column switch
    {
        ObjectColumn.Id => $"{alias}.id",
        // Like on a timestamp matches its decimal digits, as Weaviate's string-keyed timestamp index does.
        ObjectColumn.CreationTime => comparison == Comparison.Like ? $"CAST({alias}.created AS TEXT)" : $"{alias}.created",
        _ => comparison == Comparison.Like ? $"CAST({alias}.updated AS TEXT)" : $"{alias}.updated",
    };

    /// <summary>
    /// GLOB for the anchored wildcard match. SQLite does not apply its own GLOB optimisation to an ANY-typed column,
    /// hence the prefix range the base class puts in front.
    /// </summary>
    protected override string WildcardMatch(string operand, string pattern)
    {
        var glob = LikePattern.ToGlob(pattern);
        // Refused as the caller's input before any statement runs, instead of SQLite's error in the middle of one.
        if (System.Text.Encoding.UTF8.GetByteCount(glob) > LikePattern.MaxBytes)
            throw new UserInputException($"invalid where filter: the Like pattern (valueText) is {System.Text.Encoding.UTF8.GetByteCount(glob)} bytes long, the limit is {LikePattern.MaxBytes}");
        // GLOB (and replace(), instr() on text) read text only up to a NUL, so a token "gamma\0x1" would match
        // "ga?ma". A value holding a NUL (found byte-wise in its blob form) is matched with its NULs as U+FFFD, and the
        // pattern likewise, as the PostgreSQL store stores and compares them; other values are matched as they are.
        RegisterNulSafe();
        return $"(CASE WHEN instr(CAST({operand} AS BLOB), x'00') > 0 THEN nul_safe(CAST({operand} AS BLOB)) ELSE {operand} END) " +
               $"GLOB {P(glob.Replace('\0', '\uFFFD'))}";
    }

    /// <summary>
    /// Source rows whose reference entries (<c>Target/uuid</c>, or <c>/uuid</c> from class-less beacons) name a matching target.
    /// </summary>
    protected override string Reference(ReferenceCondition r, string alias)
    {
        var t = NextAlias();
        var inner = Node(r.Target, t);
        var tenant = Tenant is null ? "''" : P(Tenant);
        var targets = $"SELECT {t}.id FROM objects {t} WHERE {t}.class = {P(r.TargetClass)} AND {t}.tenant IN ({tenant}, '') AND ({inner})";
        var prefix = P(r.TargetClass + "/");
        string Names(string v) => $"{v} IN (SELECT {prefix} || id FROM ({targets}) UNION ALL SELECT '/' || id FROM ({targets}))";
        return $"{alias}.seq IN ({IndexParts.Seqs($"p.field = {Field(r.Class, r.ReferenceProperty)} AND {Names("p.v")}")}" +
               $"{SegmentSeqs(r.Class, r.ReferenceProperty, Names, null)})";
    }

    /// <summary>
    /// A latitude band from the index narrows the candidates; the exact great-circle distance (which also settles
    /// longitude) is then checked on the object's stored coordinates.
    /// </summary>
    protected override string Geo(GeoCondition g, string alias)
    {
        RegisterGeoDistance();
        var box = GeoMath.BoundingBox(g.Range.Latitude, g.Range.Longitude, g.Range.MaxDistanceMeters);
        var path = "$.\"" + g.Property.Replace("\"", "", StringComparison.Ordinal) + "\"";
        var latitude = IndexKeys.Latitude(g.Property);
        var (min, max) = (P(box.MinLat), P(box.MaxLat));
        string Band(string v) => $"{v} BETWEEN {min} AND {max}";
        return $"({alias}.seq IN ({IndexParts.Seqs($"p.field = {Field(g.Class, latitude)} AND {Band("p.v")}")}{SegmentSeqs(g.Class, latitude, Band, null)}) " +
               $"AND geo_distance(json_extract({alias}.properties, {P(path + ".latitude")}), json_extract({alias}.properties, {P(path + ".longitude")}), " +
               $"{P(g.Range.Latitude)}, {P(g.Range.Longitude)}) <= {P(g.Range.MaxDistanceMeters)})";
    }

    /// <summary>Adds a parameter and returns its name.</summary>
    protected override string P(object value)
    {
        var name = FreeParameterName(_command.Parameters, "$f");
        _command.Parameters.AddWithValue(name, value);
        CheckParameterCount(_command.Parameters, MaxVariables, "SQLite");
        return name;
    }
}
