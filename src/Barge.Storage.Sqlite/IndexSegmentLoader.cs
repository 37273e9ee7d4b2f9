using Barge.Core.Indexing;
using Barge.Core.Schema;
using Barge.Storage.Relational;
using Microsoft.Data.Sqlite;

namespace Barge.Storage.Sqlite;

/// <summary>
/// Rebuilds the in-memory <see cref="IndexSegment"/> at start: the entries of every object above the flushed
/// high-water mark, recomputed from its stored properties with its class as stored (as the garbage collector
/// recomputes them), so that what the last run held only in memory is found again. The objects table is the log.
/// The class comes from the live schema when it is loaded already, else from the store's own classes table (a
/// server opens the store before it loads the schema from it).
/// </summary>
internal static class IndexSegmentLoader
{
    public static IndexSegment Load(SqliteConnection connection, Func<string, ClassDefinition?> liveClasses, Action<string>? log = null)
    {
        var segment = new IndexSegment();
        var classOf = KeywordBackfill.ClassesOf(connection, liveClasses);
        KeywordBackfill.RunIfNeeded(connection, classOf, log);
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = "SELECT seq, class, properties, tenant FROM objects WHERE seq > (SELECT flushed FROM index_state) ORDER BY seq";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                // An object of a class that is gone has no entries to find.
                if (classOf(r.GetString(1)) is not { } definition) continue;
                var index = ObjectIndex.Of(definition, r.GetString(2));
                segment.Stage(definition.Name, r.GetInt64(0), index.Entries, r.GetString(3), index.Keywords);
            }
        }
        segment.Publish();
        return segment;
    }
}
