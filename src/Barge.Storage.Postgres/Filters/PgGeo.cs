namespace Barge.Storage.Postgres.Filters;

/// <summary>
/// Great-circle distance in SQL, the same haversine formula, constants and evaluation order as the SQLite store's
/// GeoMath.DistanceMeters (which SQLite calls as a C# function), so that both stores accept the same points at the edge.
/// </summary>
internal static class PgGeo
{
    /// <summary>
    /// Meters between (<paramref name="lat1"/>, <paramref name="lon1"/>) and (<paramref name="lat2"/>, <paramref name="lon2"/>),
    /// all SQL float8 expressions. Nested subqueries name the intermediate values so that each is computed once.
    /// </summary>
    public static string DistanceMeters(string lat1, string lon1, string lat2, string lon2) =>
        "(SELECT 2 * 6371000::float8 * asin(least(1::float8, sqrt(sin(h.dlat / 2) * sin(h.dlat / 2) + cos(h.rlat1) * cos(h.rlat2) * sin(h.dlon / 2) * sin(h.dlon / 2)))) " +
        $"FROM (SELECT ({lat2} - {lat1}) * pi() / 180 AS dlat, ({lon2} - {lon1}) * pi() / 180 AS dlon, " +
        $"{lat1} * pi() / 180 AS rlat1, {lat2} * pi() / 180 AS rlat2) h)";

    private const double EarthRadiusMeters = 6371000;

    /// <summary>The latitude band holding every point within <paramref name="meters"/> (widened as in the SQLite store's bounding box).</summary>
    public static (double Min, double Max) LatitudeBand(double lat, double meters)
    {
        var dLat = meters / EarthRadiusMeters * 180 / Math.PI * 1.0001 + 1e-9;
        return (Math.Max(-90, lat - dLat), Math.Min(90, lat + dLat));
    }
}
