using System.Text.Json.Nodes;
using Barge.Core.Objects;
using Barge.Core.Schema;
using Barge.Core.Storage;

namespace Barge.Storage.Tests.Sqlite;

/// <summary>
/// Each object's keyword lengths are kept in its row, so that removing it takes exactly those out of BM25F's totals
/// without its properties being parsed on the writer; rows written before they were kept still leave exactly.
/// </summary>
public class KeywordLengthsTests
{
    private static readonly ClassDefinition Doc = new()
    {
        Name = "Doc",
        Properties =
        [
            new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word", IndexSearchable = true },
            new PropertyDefinition { Name = "tags", DataTypeNames = ["text[]"], Tokenization = "whitespace", IndexSearchable = true },
            new PropertyDefinition { Name = "note", DataTypeNames = ["text"] },
        ],
    };

    private static string Id(int i) => $"00000000-0000-0000-0000-{i:D12}";

    private static PutObject Put(int i, string properties, bool withKeywords = true)
    {
        var o = new StoredObject { Class = Doc.Name, Id = Id(i), Properties = JsonNode.Parse(properties)!.AsObject(), CreationTimeUnix = 1, LastUpdateTimeUnix = 1 };
        var put = PutObject.Indexed(Doc, o, PutMode.Upsert);
        // Without: as a caller that leaves them to the store, which computes them on its writer.
        return withKeywords ? put : put with { Keywords = null };
    }

    private static string Totals(SqliteInside sqlite)
    {
        using var cmd = sqlite.Connection.CreateCommand();
        cmd.CommandText = "SELECT group_concat(property || '=' || objects || '/' || length_sum, ' ') FROM " +
                          "(SELECT * FROM keyword_totals WHERE class = 'Doc' ORDER BY property)";
        return cmd.ExecuteScalar() as string ?? "";
    }

    private static string? Kept(SqliteInside sqlite, int i)
    {
        using var cmd = sqlite.Connection.CreateCommand();
        cmd.CommandText = $"SELECT keyword_lengths FROM objects WHERE id = '{Id(i)}'";
        return cmd.ExecuteScalar() as string;
    }

    private static async Task WriteAsync(SqliteInside sqlite, params WriteCommand[] commands)
    {
        var outcomes = await sqlite.Db.Store.WriteAsync(commands);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
    }

    [Fact]
    public async Task Deletes_and_replaces_take_the_kept_lengths_out_of_the_totals()
    {
        await using var sqlite = await SqliteInside.OpenAsync(Doc);
        await WriteAsync(sqlite,
            Put(1, """{"title":"one two three","tags":["a b","c"],"note":"not searchable"}"""),
            Put(2, """{"title":"four five"}""", withKeywords: false),
            Put(3, """{"note":"nothing searchable"}"""));

        Assert.Equal("""{"title":3,"tags":3}""", Kept(sqlite, 1));
        Assert.Equal("""{"title":2}""", Kept(sqlite, 2));
        Assert.Equal("{}", Kept(sqlite, 3));
        Assert.Equal("=3/0 tags=1/3 title=2/5", Totals(sqlite));

        await WriteAsync(sqlite, new DeleteObject(Doc.Name, Id(1), null));
        Assert.Equal("=2/0 tags=0/0 title=1/2", Totals(sqlite));

        await WriteAsync(sqlite, Put(2, """{"title":"six","tags":["x y z w"]}"""));
        Assert.Equal("""{"title":1,"tags":4}""", Kept(sqlite, 2));
        Assert.Equal("=2/0 tags=1/4 title=1/1", Totals(sqlite));

        await WriteAsync(sqlite, new DeleteObject(Doc.Name, Id(2), null), new DeleteObject(Doc.Name, Id(3), null));
        Assert.Equal("=0/0 tags=0/0 title=0/0", Totals(sqlite));
    }

    [Fact]
    public async Task A_row_written_before_the_lengths_were_kept_leaves_the_totals_exactly()
    {
        await using var sqlite = await SqliteInside.OpenAsync(Doc);
        await WriteAsync(sqlite, Put(1, """{"title":"one two three","tags":["a b"]}"""), Put(2, """{"title":"four"}"""));
        // As migration 0010 leaves the rows of an older store.
        using (var cmd = sqlite.Connection.CreateCommand())
        {
            cmd.CommandText = "UPDATE objects SET keyword_lengths = NULL";
            cmd.ExecuteNonQuery();
        }
        Assert.Null(Kept(sqlite, 1));

        // A replace through a read-modify-write, then a delete: both find no kept lengths and recompute them.
        await WriteAsync(sqlite, new ModifyObject(Doc.Name, Id(1), null, current =>
        {
            var next = new StoredObject { Class = Doc.Name, Id = current.Id, Properties = new JsonObject { ["title"] = "seven eight" }, CreationTimeUnix = 1, LastUpdateTimeUnix = 2 };
            return ModifyResult.Replace(next, Barge.Core.Indexing.ObjectIndex.Of(Doc, next));
        }));
        Assert.Equal("""{"title":2}""", Kept(sqlite, 1));
        Assert.Equal("=2/0 tags=0/0 title=2/3", Totals(sqlite));

        await WriteAsync(sqlite, new DeleteObject(Doc.Name, Id(2), null));
        Assert.Equal("=1/0 tags=0/0 title=1/2", Totals(sqlite));
    }
}
