namespace Barge.Server.BatchService;

/// <summary>
/// What a caller may name a batch with (<c>X-Batch-Id</c>, the batch service's <c>_id</c>). The id comes back in the
/// <c>X-Batch-Id</c> response header, which carries visible ASCII only, names the batch in URL paths
/// (<c>/api/batch/v1/{id}</c>), where a <c>/</c> cannot be told from a path separator, and is the unique key of the
/// journal's index; an id outside these bounds must be refused before the batch runs, since after the commit it could
/// no longer be answered or looked up.
/// </summary>
public static class BatchIds
{
    public const int MaxLength = 255;

    /// <summary>Null when <paramref name="id"/> can name a batch, else why not, naming <paramref name="field"/>.</summary>
    public static string? Problem(string field, string id)
    {
        if (id.Length == 0) return $"{field} must not be empty";
        if (id.Length > MaxLength) return $"{field} is {id.Length} characters long, the limit is {MaxLength}";
        for (var i = 0; i < id.Length; i++)
            if (id[i] is < '!' or > '~')
                return $"{field} must be visible ASCII characters (! to ~), it names the batch in the {BatchRequests.IdHeader} response header; "
                    + $"the character at position {i} is U+{(int)id[i]:X4}";
        if (id.IndexOf('/') is var slash and >= 0)
            return $"{field} must not contain '/', it names the batch in URL paths; the character at position {slash} is '/'";
        return null;
    }
}
