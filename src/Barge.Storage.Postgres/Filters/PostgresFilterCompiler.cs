using Barge.Core.Errors;
using Barge.Core.Filters;
using Barge.Core.Indexing;
using Barge.Core.Storage;
using Barge.Storage.Relational;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres.Filters;

/// <summary>
/// Compiles a validated filter into an SQL boolean expression over an objects row (alias <c>o</c> by default), with
/// the same results as the SQLite store's compiler (the dialect-free part is <see cref="SqlFilterCompiler"/>). Every
/// property leaf is an <c>alias.seq IN (SELECT unnest(seqs) FROM postings_num|postings_text WHERE field = … AND v …)</c>,
/// answered from the posting table's primary key (see <see cref="PostingLists"/>). Numbers (longs, doubles, booleans
/// as 0/1) live in postings_num, compared as its pair (v, v_rest) so that integers are exact (<see cref="PgNumbers"/>),
/// strings in postings_text: the values of one condition pick the table. Values are bound as named parameters <c>@f0</c>, <c>@f1</c>, … added to the given command.
/// </summary>
public sealed partial class PostgresFilterCompiler : SqlFilterCompiler
{
    /// <summary>The wire protocol's limit on parameters per statement (a 16-bit count).</summary>
    private const int MaxParameters = 65_535;

    private readonly NpgsqlCommand _command;

    private PostgresFilterCompiler(NpgsqlCommand command, string? tenant) : base(tenant) => _command = command;

    /// <summary>
    /// The SQL for <paramref name="filter"/> on rows aliased <paramref name="alias"/>. <paramref name="tenant"/> scopes
    /// reference targets (targets in that tenant or in no tenant). Throws <see cref="StoreException"/> for
    /// <see cref="UnsearchableFilter"/> nodes (Weaviate's search-time errors) and <see cref="ArgumentException"/> for unvalidated clauses.
    /// </summary>
    public static string Compile(FilterNode filter, NpgsqlCommand command, string? tenant = null, string alias = "o") =>
        new PostgresFilterCompiler(command, tenant).Node(filter, alias);

    protected override string Constant(bool matches) => matches ? "TRUE" : "FALSE";

    protected override string Index(IndexCondition i, string alias)
    {
        var (text, predicate) = Leaf(i);
        return InIndex(alias, text, Field(i.Class, i.Key), predicate);
    }

    /// <summary>
    /// Which posting table holds <paramref name="i"/>'s values, and the condition's predicate over its column
    /// <c>v</c>: the one place a property leaf's values are converted to what the index stored, for the per-object SQL
    /// and the index-only reads alike.
    /// </summary>
    private (bool Text, string Predicate) Leaf(IndexCondition i)
    {
        var text = i.Values.Count > 0 && i.Values[0] is string;
        return text ? (true, Predicate("v", i)) : (false, Predicate("(v, v_rest)", i, v => PgNumber.Of(v)));
    }

    private static string PostingTable(bool text) => text ? "postings_text" : "postings_num";

    /// <summary>The leaf shape every property condition shares; <paramref name="predicate"/> is over the index column <c>v</c>.</summary>
    private static string InIndex(string alias, bool text, string field, string predicate) =>
        $"{alias}.seq IN (SELECT unnest(seqs) FROM {PostingTable(text)} WHERE field = {field} AND {predicate})";

    protected override string Column(ColumnCondition c, string alias)
    {
        if (c.Column != ObjectColumn.Id)
        {
            var column = c.Column == ObjectColumn.CreationTime ? $"{alias}.created" : $"{alias}.updated";
            // Like on a timestamp matches its decimal digits, as Weaviate's string-keyed timestamp index does.
            return c.Comparison == Comparison.Like
                ? Predicate($"({column}::text COLLATE \"C\")", c.Comparison, c.Values)
                : Predicate(column, c.Comparison, c.Values);
        }
        // Ids are uuids, whose order is that of their canonical text (the SQLite store's text column). A value that is
        // not a canonical uuid can equal no id, and is compared as text where an order is asked for.
        var idText = $"({alias}.id::text COLLATE \"C\")";
        if (c.Comparison == Comparison.Like) return Predicate(idText, c.Comparison, c.Values);
        var uuids = c.Values.Select(v => PgIds.TryCanonical((string)v, out var g) ? (object)g : null).ToList();
        if (c.Comparison == Comparison.In)
        {
            var valid = uuids.OfType<object>().ToList();
            return valid.Count == 0 ? "FALSE" : Predicate($"{alias}.id", c.Comparison, valid);
        }
        return uuids[0] is { } uuid ? Predicate($"{alias}.id", c.Comparison, [uuid]) : Predicate(idText, c.Comparison, c.Values);
    }

    /// <summary>
    /// LIKE for the anchored wildcard match. PostgreSQL only derives a btree range from a constant pattern, never from
    /// a parameter, hence the prefix range the base class puts in front. The operand must compare byte-wise
    /// (COLLATE "C"), as postings_text.v does.
    /// </summary>
    protected override string WildcardMatch(string operand, string pattern) => $"{operand} LIKE {P(PgLikePattern.ToLike(pattern))}";

    /// <summary>
    /// Source rows whose reference entries (<c>Target/uuid</c>, or <c>/uuid</c> from class-less beacons) name a matching target.
    /// </summary>
    protected override string Reference(ReferenceCondition r, string alias)
    {
        var t = NextAlias();
        var inner = Node(r.Target, t);
        var targets = $"SELECT {t}.id FROM objects {t} WHERE {t}.class = {P(r.TargetClass)} AND {t}.tenant IN ({P(PgText.Tenant(Tenant))}, '') AND ({inner})";
        var keys = $"SELECT {P(r.TargetClass + "/")} || r{t}.id::text FROM ({targets}) r{t} UNION ALL SELECT '/' || r{t}.id::text FROM ({targets}) r{t}";
        return InIndex(alias, text: true, Field(r.Class, r.ReferenceProperty), $"v IN ({keys})");
    }

    /// <summary>
    /// A latitude band from the index narrows the candidates; the exact great-circle distance (which also settles
    /// longitude) is then checked on the object's stored coordinates.
    /// </summary>
    protected override string Geo(GeoCondition g, string alias)
    {
        var (min, max) = PgGeo.LatitudeBand(g.Range.Latitude, g.Range.MaxDistanceMeters);
        var band = InIndex(alias, text: false, Field(g.Class, IndexKeys.Latitude(g.Property)), $"v BETWEEN {P(min)} AND {P(max)}");
        var point = $"({PgText.ParsableJson($"{alias}.properties")}::jsonb -> {P(g.Property)})";
        var distance = PgGeo.DistanceMeters($"({point} ->> 'latitude')::float8", $"({point} ->> 'longitude')::float8",
            P(g.Range.Latitude), P(g.Range.Longitude));
        return $"({band} AND {distance} <= {P(g.Range.MaxDistanceMeters)})";
    }

    /// <summary>Adds a parameter, typed explicitly so that PostgreSQL never has to guess, and returns its name.</summary>
    protected override string P(object value)
    {
        // A number of postings_num, compared as its pair of columns (PgNumbers).
        if (value is PgNumber number) return $"({P(number.Nearest)}, {P(number.Rest)})";
        var name = FreeParameterName(_command.Parameters, "f");
        _command.Parameters.Add(new NpgsqlParameter(name, TypeOf(value)) { Value = PgText.Storable(value) });
        CheckParameterCount(_command.Parameters, MaxParameters, "PostgreSQL");
        return "@" + name;
    }

    private static NpgsqlDbType TypeOf(object value) => value switch
    {
        string => NpgsqlDbType.Text,
        double => NpgsqlDbType.Double,
        long => NpgsqlDbType.Bigint,
        Guid => NpgsqlDbType.Uuid,
        _ => throw new ArgumentException($"unexpected filter value type {value.GetType().Name}", nameof(value)),
    };
}
