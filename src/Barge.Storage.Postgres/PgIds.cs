namespace Barge.Storage.Postgres;

/// <summary>
/// Object ids are uuid columns. Core always hands over canonical UUIDs; anything else cannot name a stored row, so
/// reads treat it as absent instead of failing the request.
/// </summary>
internal static class PgIds
{
    public static Guid? TryParse(string id) => Guid.TryParse(id, out var g) ? g : null;
}
