using System.Globalization;
using Barge.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Barge.Storage.Postgres;

/// <summary>
/// ORDER BY for listings. The SQLite store sorts by <c>json_extract</c> values, which order as SQLite values do: missing
/// and null first, then numbers (booleans as 0/1) numerically, then text byte-wise (strings unquoted; arrays and
/// objects as their JSON text). Each sort key is therefore three PostgreSQL keys: that rank, the number, the text.
/// </summary>
internal static class PgSortOrder
{
    /// <param name="Lateral">Joined after <c>objects o</c>: extracts each property sort value once per row (alias <c>k</c>).</param>
    /// <param name="OrderBy">The ORDER BY list, ending with <c>o.id</c>.</param>
    public readonly record struct Sorting(string Lateral, string OrderBy);

    /// <summary>Weaviate lists by id unless sorted; ties are broken by id. Property names and paths are bound as parameters.</summary>
    public static Sorting For(IReadOnlyList<SortField> sort, NpgsqlCommand cmd)
    {
        if (sort.Count == 0) return new Sorting("", "o.id");
        var parts = new List<string>();
        var values = new List<string>();
        foreach (var k in sort)
        {
            var direction = k.Descending ? " DESC" : " ASC";
            switch (k.Property)
            {
                case "_creationTimeUnix": parts.Add("o.created" + direction); break;
                case "_lastUpdateTimeUnix": parts.Add("o.updated" + direction); break;
                case "id" or "_id": parts.Add("o.id" + direction); break;
                default:
                    var name = "s" + values.Count.ToString(CultureInfo.InvariantCulture);
                    values.Add($"{JsonValue(k, cmd, name)} AS {name}");
                    parts.AddRange(Keys("k." + name).Select(key => key + direction));
                    break;
            }
        }
        // OFFSET 0 keeps the planner from folding the subquery back into the sort keys, which would parse each
        // object's JSON once per key instead of once per row (twice as slow on 1 KB objects).
        var lateral = values.Count == 0 ? "" : $" CROSS JOIN LATERAL (SELECT {string.Join(", ", values)} OFFSET 0) k";
        return new Sorting(lateral, string.Join(", ", parts) + ", o.id");
    }

    /// <summary>
    /// The sort value as a json expression. <c>json</c> (not <c>jsonb</c>) keeps an array's or object's text as written,
    /// which is the normalized, minified text SQLite's <c>json_extract</c> returns. A <see cref="SortField.JsonPath"/>
    /// reads into a text property that holds a JSON document (HAT data).
    /// </summary>
    private static string JsonValue(SortField k, NpgsqlCommand cmd, string name)
    {
        var p = "sort_" + name;
        cmd.Parameters.Add(new NpgsqlParameter(p, NpgsqlDbType.Text) { Value = k.Property });
        var value = $"({PgText.ParsableJson("o.properties")}::json -> @{p})";
        if (k.JsonPath is not { } path) return value;
        cmd.Parameters.Add(new NpgsqlParameter(p + "_path", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = path.Split('.') });
        // Text that is not JSON (written through another dialect) sorts as missing: see 0003_json_or_null.sql.
        return $"(barge_json_or_null({value} #>> '{{}}') #> @{p}_path)";
    }

    private static IEnumerable<string> Keys(string value) =>
    [
        $"(CASE json_typeof({value}) WHEN 'number' THEN 1 WHEN 'boolean' THEN 1 WHEN 'string' THEN 2 WHEN 'array' THEN 2 WHEN 'object' THEN 2 ELSE 0 END)",
        // numeric, not float8: SQLite compares integers exactly, also beyond 2^53.
        $"(CASE json_typeof({value}) WHEN 'number' THEN ({value} #>> '{{}}')::numeric WHEN 'boolean' THEN (CASE WHEN ({value} #>> '{{}}') = 'true' THEN 1 ELSE 0 END) END)",
        $"(CASE WHEN json_typeof({value}) IN ('string', 'array', 'object') THEN ({value} #>> '{{}}') END) COLLATE \"C\"",
    ];
}
