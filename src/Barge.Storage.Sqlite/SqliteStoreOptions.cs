namespace Barge.Storage.Sqlite;

public sealed record SqliteStoreOptions
{
    /// <summary>The folder holding <c>barge.db</c> and its WAL files; created when missing.</summary>
    public required string DataFolder { get; init; }

    /// <summary>Write requests waiting for the writer before callers wait in turn (backpressure).</summary>
    public int WriteQueueCapacity { get; init; } = 1024;

    /// <summary>
    /// The live schema. The store recomputes a stored object's index entries from its class when it replaces or
    /// deletes it (see <see cref="ObjectWrites"/> and <see cref="IndexGarbage"/>).
    /// </summary>
    public required Func<string, Barge.Core.Schema.ClassDefinition?> ClassLookup { get; init; }

    /// <summary>
    /// Told when an existing database is upgraded to a newer schema on open: an upgrade may rewrite a large table
    /// (0005 rebuilds the inverted index), so a large store takes a while to open once.
    /// </summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Writes the inverted index's entries with the commit that stages them instead of keeping the newest part in
    /// memory until it is complete (see Barge.Storage.Relational.IndexSegment). Slower; for tests that check the
    /// filters over the posting rows themselves, which the in-memory part otherwise answers for small stores.
    /// </summary>
    public bool WriteIndexAtEveryCommit { get; init; }

    public string DatabasePath => Path.Combine(DataFolder, "barge.db");
}
