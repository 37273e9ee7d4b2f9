namespace Barge.Storage.Sqlite.Filters;

/// <summary>Great-circle distance and a conservative bounding box for geo range prefiltering.</summary>
internal static class GeoMath
{
    private const double EarthRadiusMeters = 6371000;

    public static double DistanceMeters(double lat1, double lon1, double lat2, double lon2)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(lat2 - lat1);
        var dLon = Rad(lon2 - lon1);
        var h = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(Rad(lat1)) * Math.Cos(Rad(lat2)) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }

    public readonly record struct Box(double MinLat, double MaxLat, double MinLon, double MaxLon, bool CrossesAntimeridian);

    /// <summary>
    /// A box containing every point within <paramref name="meters"/>; near a pole it spans all longitudes.
    /// Slightly widened so that rounding never excludes a point the exact check would accept.
    /// </summary>
    public static Box BoundingBox(double lat, double lon, double meters)
    {
        var dLat = meters / EarthRadiusMeters * 180 / Math.PI * 1.0001 + 1e-9;
        var minLat = Math.Max(-90, lat - dLat);
        var maxLat = Math.Min(90, lat + dLat);
        var maxAbsLat = Math.Max(Math.Abs(minLat), Math.Abs(maxLat));
        if (maxAbsLat >= 89.9999)
            return new Box(minLat, maxLat, -180, 180, false);
        var dLon = dLat / Math.Cos(maxAbsLat * Math.PI / 180);
        if (dLon >= 180)
            return new Box(minLat, maxLat, -180, 180, false);
        var minLon = lon - dLon;
        var maxLon = lon + dLon;
        if (minLon < -180) return new Box(minLat, maxLat, minLon + 360, maxLon, true);
        if (maxLon > 180) return new Box(minLat, maxLat, minLon, maxLon - 360, true);
        return new Box(minLat, maxLat, minLon, maxLon, false);
    }
}
