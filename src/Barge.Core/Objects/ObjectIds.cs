namespace Barge.Core.Objects;

/// <summary>Object ids: canonical lower-case UUID text; server-assigned ids are time-ordered (UUIDv7) so index inserts stay local.</summary>
public static class ObjectIds
{
    public static string New() => Guid.CreateVersion7().ToString("D");

    /// <summary>Canonical form of a UUID in any form <see cref="Guid.TryParse(string?, out Guid)"/> accepts, or null.</summary>
    public static string? Canonical(string? text) => Guid.TryParse(text, out var g) ? g.ToString("D") : null;
}
