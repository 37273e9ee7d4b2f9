using System.Buffers.Binary;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Grpc.Core;
using Value = Google.Protobuf.WellKnownTypes.Value;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;
using static Barge.Server.Tests.Grpc.GrpcKit;
using static Barge.Server.Tests.Weaviate.BatchTestKit;

#pragma warning disable CS0612 // the client still sets the deprecated uses_12x flags; vector_bytes is the pre-1.29 form

namespace Barge.Server.Tests.Grpc;

/// <summary>
/// Search and Aggregate over gRPC, with requests built as weaviate-client 3.14 builds them (uses_127_api, metadata with
/// uuid, a vector in one <c>vectors</c> entry, fetch by id as a filter on <c>_id</c>), on known data: 12 points.
/// </summary>
public sealed class GrpcSearchTests : IAsyncLifetime
{
    private const int Count = 12;
    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    private WeaviateClient _client = null!;

    private static string Name(int i) => i <= 6 ? "low" : i <= 10 ? "mid" : "high";

    private static float[] VectorOf(int i) => [MathF.Cos(i * 0.3f), MathF.Sin(i * 0.3f), 0.1f * i];

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _channel = _server.GrpcChannel();
        _client = new WeaviateClient(_channel);
        await _server.CreateClassAsync("""
            {"class":"Point","vectorIndexConfig":{"distance":"cosine"},"properties":[
              {"name":"name","dataType":["text"]},{"name":"rank","dataType":["int"]},{"name":"score","dataType":["number"]},
              {"name":"ok","dataType":["boolean"]},{"name":"day","dataType":["date"]},{"name":"tags","dataType":["text[]"]},
              {"name":"counts","dataType":["int[]"]},{"name":"ratios","dataType":["number[]"]},{"name":"key","dataType":["uuid"]},
              {"name":"where","dataType":["geoCoordinates"]},{"name":"cover","dataType":["blob"]}]}
            """);
        var batch = new BatchObjectsRequest();
        for (var i = 1; i <= Count; i++)
        {
            var o = Object("Point", Id(i), Struct(
                ("name", Value.ForString(Name(i))), ("rank", Value.ForNumber(i)), ("score", Value.ForNumber(i * 0.5)),
                ("ok", Value.ForBool(i % 2 == 0)), ("day", Value.ForString($"2024-01-{i:D2}T00:00:00Z")), ("key", Value.ForString(Id(100 + i))),
                ("where", Value.ForStruct(Struct(("latitude", Value.ForNumber(52.5)), ("longitude", Value.ForNumber(4.25))))),
                ("cover", Value.ForString("aGVsbG8="))));
            o.Properties.TextArrayProperties.Add(new TextArrayProperties { PropName = "tags", Values = { "t", $"t{i % 2}" } });
            o.Properties.IntArrayProperties.Add(new IntArrayProperties { PropName = "counts", Values = { i, i + 1 } });
            o.Properties.NumberArrayProperties.Add(new NumberArrayProperties { PropName = "ratios", ValuesBytes = Float64(i / 4.0) });
            o.VectorBytes = Float32(VectorOf(i));
            batch.Objects.Add(o);
        }
        var reply = await _client.BatchObjectsAsync(batch);
        Assert.Empty(reply.Errors);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    private static SearchRequest Search() => new()
    {
        Collection = "Point", Uses123Api = true, Uses125Api = true, Uses127Api = true,
        Metadata = new MetadataRequest { Uuid = true },
    };

    private static Filters Int(Filters.Types.Operator op, string property, long value) =>
        new() { Operator = op, Target = new FilterTarget { Property = property }, ValueInt = value };

    private static global::Barge.Server.Grpc.Protocol.NearVector Near(float[] v, double? distance = null, double? certainty = null)
    {
        var near = new global::Barge.Server.Grpc.Protocol.NearVector
        {
            Vectors = { new Vectors { Type = Vectors.Types.VectorType.SingleFp32, VectorBytes = Float32(v) } },
        };
        if (distance is { } d) near.Distance = d;
        if (certainty is { } c) near.Certainty = c;
        return near;
    }

    private static float Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
        return (float)(1 - dot / Math.Sqrt(na * nb));
    }

    private static List<string> Ids(SearchReply reply) => reply.Results.Select(r => r.Metadata.Id).ToList();

    [Fact]
    public async Task Fetch_by_id_is_a_filter_on_underscore_id_and_returns_every_non_blob_property_typed()
    {
        var request = Search();
        request.Filters = Equal("_id", Id(3));
        request.Metadata = new MetadataRequest { Uuid = true, CreationTimeUnix = true, LastUpdateTimeUnix = true, IsConsistent = true };
        var reply = await _client.SearchAsync(request);

        var result = Assert.Single(reply.Results);
        Assert.Equal(Id(3), result.Metadata.Id);
        Assert.True(result.Metadata.CreationTimeUnixPresent);
        Assert.True(result.Metadata.CreationTimeUnix > 0);
        Assert.True(result.Metadata.LastUpdateTimeUnixPresent);
        Assert.False(result.Metadata.DistancePresent);
        Assert.Equal("Point", result.Properties.TargetCollection);
        var f = result.Properties.NonRefProps.Fields;
        Assert.Equal("low", f["name"].TextValue);
        Assert.Equal(Barge.Server.Grpc.Protocol.Value.KindOneofCase.IntValue, f["rank"].KindCase);
        Assert.Equal(3, f["rank"].IntValue);
        Assert.Equal(1.5, f["score"].NumberValue);
        Assert.False(f["ok"].BoolValue);
        Assert.Equal("2024-01-03T00:00:00Z", f["day"].DateValue);
        Assert.Equal(Id(103), f["key"].UuidValue);
        Assert.Equal(52.5f, f["where"].GeoValue.Latitude);
        Assert.Equal(4.25f, f["where"].GeoValue.Longitude);
        Assert.Equal(["t", "t1"], f["tags"].ListValue.TextValues.Values);
        var ints = f["counts"].ListValue.IntValues.Values.Span;
        Assert.Equal([3L, 4L], [BinaryPrimitives.ReadInt64LittleEndian(ints), BinaryPrimitives.ReadInt64LittleEndian(ints[8..])]);
        Assert.Equal(0.75, BinaryPrimitives.ReadDoubleLittleEndian(f["ratios"].ListValue.NumberValues.Values.Span));
        Assert.False(f.ContainsKey("cover")); // blobs only on request, as Weaviate
        Assert.Equal(0, result.Metadata.VectorBytes.Length);
    }

    [Fact]
    public async Task Only_the_requested_properties_come_back_and_blobs_on_request()
    {
        var request = Search();
        request.Limit = 1;
        request.Properties = new PropertiesRequest { NonRefProperties = { "rank", "cover" } };
        var reply = await _client.SearchAsync(request);
        var fields = Assert.Single(reply.Results).Properties.NonRefProps.Fields;
        Assert.Equal(["cover", "rank"], fields.Keys.Order());
        Assert.Equal("aGVsbG8=", fields["cover"].BlobValue);
    }

    [Fact]
    public async Task Cursor_pages_through_every_object_in_id_order_and_limit_offset_page_too()
    {
        var seen = new List<string>();
        string? after = null;
        while (true)
        {
            var request = Search();
            request.Limit = 5;
            if (after is not null) request.After = after;
            var page = Ids(await _client.SearchAsync(request));
            if (page.Count == 0) break;
            seen.AddRange(page);
            after = page[^1];
        }
        Assert.Equal(Enumerable.Range(1, Count).Select(Id), seen);

        var paged = Search();
        paged.Limit = 3;
        paged.Offset = 4;
        Assert.Equal([Id(5), Id(6), Id(7)], Ids(await _client.SearchAsync(paged)));
    }

    [Fact]
    public async Task Filter_and_sort_descending()
    {
        var request = Search();
        request.Filters = Int(Filters.Types.Operator.GreaterThanEqual, "rank", 7);
        request.SortBy.Add(new SortBy { Ascending = false, Path = { "score" } });
        Assert.Equal(Enumerable.Range(7, 6).Reverse().Select(Id), Ids(await _client.SearchAsync(request)));
    }

    [Fact]
    public async Task Near_vector_with_distance_and_filter_matches_brute_force()
    {
        var query = new[] { 0.2f, 0.9f, 0.4f };
        var request = Search();
        request.NearVector = Near(query, distance: 0.2);
        request.Filters = new Filters
        {
            Operator = Filters.Types.Operator.Equal, Target = new FilterTarget { Property = "ok" }, ValueBoolean = true,
        };
        request.Metadata = new MetadataRequest { Uuid = true, Distance = true, Certainty = true };
        var reply = await _client.SearchAsync(request);

        var expected = Enumerable.Range(1, Count).Where(i => i % 2 == 0)
            .Select(i => (Id: Id(i), Distance: Cosine(query, VectorOf(i)))).Where(x => x.Distance <= 0.2f)
            .OrderBy(x => x.Distance).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < Count / 2, "the threshold must cut some candidates for the test to mean something");
        Assert.Equal(expected.Select(x => x.Id), Ids(reply));
        for (var k = 0; k < expected.Count; k++)
        {
            var m = reply.Results[k].Metadata;
            Assert.True(m.DistancePresent);
            Assert.Equal(expected[k].Distance, m.Distance, 4);
            Assert.True(m.CertaintyPresent);
            Assert.Equal(1 - expected[k].Distance / 2, m.Certainty, 4);
        }
    }

    [Fact]
    public async Task Near_vector_with_certainty_and_the_older_vector_bytes_field()
    {
        var query = VectorOf(5);
        var request = Search();
        request.NearVector = new global::Barge.Server.Grpc.Protocol.NearVector { VectorBytes = Float32(query), Certainty = 0.99 };
        var expected = Enumerable.Range(1, Count).Select(i => (Id: Id(i), D: Cosine(query, VectorOf(i))))
            .Where(x => 1 - x.D / 2 >= 0.99).OrderBy(x => x.D).Select(x => x.Id).ToList();
        Assert.Equal(expected, Ids(await _client.SearchAsync(request)));
        Assert.Equal(Id(5), expected[0]);
    }

    [Fact]
    public async Task Near_object_finds_itself_first_and_returns_vectors_as_asked()
    {
        var request = Search();
        request.NearObject = new global::Barge.Server.Grpc.Protocol.NearObject { Id = Id(4) };
        request.Limit = 3;
        request.Metadata = new MetadataRequest { Uuid = true, Distance = true, Vector = true, Vectors = { "default" } };
        var reply = await _client.SearchAsync(request);

        var expected = Enumerable.Range(1, Count).OrderBy(i => Cosine(VectorOf(4), VectorOf(i))).Take(3).Select(Id);
        Assert.Equal(expected, Ids(reply));
        var first = reply.Results[0].Metadata;
        Assert.Equal(0, first.Distance, 4);
        Assert.Equal(Float32(VectorOf(4)), first.VectorBytes);
        var named = Assert.Single(first.Vectors);
        Assert.Equal("default", named.Name);
        Assert.Equal(Float32(VectorOf(4)), named.VectorBytes);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_invalid_argument_or_not_found_never_internal()
    {
        var unknown = Search();
        unknown.Collection = "Nope";
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _client.SearchAsync(unknown).ResponseAsync)).StatusCode);

        var missingProperty = Search();
        missingProperty.Filters = Equal("nothere", "x");
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => _client.SearchAsync(missingProperty).ResponseAsync)).StatusCode);

        var wrongDimension = Search();
        wrongDimension.NearVector = Near([1f, 2f]);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() => _client.SearchAsync(wrongDimension).ResponseAsync)).StatusCode);

        var groupBy = Search();
        groupBy.GroupBy = new GroupBy { Path = { "name" }, NumberOfGroups = 2, ObjectsPerGroup = 2 };
        Assert.Equal(StatusCode.Unimplemented, (await Assert.ThrowsAsync<RpcException>(() => _client.SearchAsync(groupBy).ResponseAsync)).StatusCode);

        var aggregateUnknown = new AggregateRequest { Collection = "Nope", ObjectsCount = true };
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _client.AggregateAsync(aggregateUnknown).ResponseAsync)).StatusCode);
    }

    /// <summary>
    /// A publisher; authors (Ann works for the publisher and has a vector, Bob has neither, Cid is deleted after being
    /// referenced); books written by them, b1's authors stored Bob first, b3 without references, b1 also "related"
    /// to an author and the publisher through a multi-target property.
    /// </summary>
    private async Task LibraryAsync()
    {
        await _server.CreateClassAsync("""{"class":"Publisher","properties":[{"name":"name","dataType":["text"]},{"name":"city","dataType":["text"]}]}""");
        await _server.CreateClassAsync("""
            {"class":"Author","properties":[{"name":"name","dataType":["text"]},{"name":"born","dataType":["int"]},{"name":"worksFor","dataType":["Publisher"]}]}
            """);
        await _server.CreateClassAsync("""
            {"class":"Book","properties":[{"name":"title","dataType":["text"]},{"name":"writtenBy","dataType":["Author"]},
              {"name":"related","dataType":["Author","Publisher"]}]}
            """);
        var batch = new BatchObjectsRequest
        {
            Objects =
            {
                Object("Publisher", Publisher, Struct(("name", Value.ForString("Penguin")), ("city", Value.ForString("London")))),
                Object("Author", Ann, Struct(("name", Value.ForString("Ann")), ("born", Value.ForNumber(1950)))),
                Object("Author", Bob, Struct(("name", Value.ForString("Bob")), ("born", Value.ForNumber(1960)))),
                Object("Author", Cid, Struct(("name", Value.ForString("Cid")))),
                Object("Book", Id(321), Struct(("title", Value.ForString("b1")))),
                Object("Book", Id(322), Struct(("title", Value.ForString("b2")))),
                Object("Book", Id(323), Struct(("title", Value.ForString("b3")))),
            },
        };
        batch.Objects[1].VectorBytes = Float32(1, 0, 0);
        batch.Objects[1].Properties.SingleTargetRefProps.Add(new BatchObject.Types.SingleTargetRefProps { PropName = "worksFor", Uuids = { Publisher } });
        batch.Objects[4].Properties.SingleTargetRefProps.Add(new BatchObject.Types.SingleTargetRefProps { PropName = "writtenBy", Uuids = { Bob, Ann } });
        batch.Objects[4].Properties.MultiTargetRefProps.Add(new BatchObject.Types.MultiTargetRefProps { PropName = "related", TargetCollection = "Author", Uuids = { Ann } });
        batch.Objects[4].Properties.MultiTargetRefProps.Add(new BatchObject.Types.MultiTargetRefProps { PropName = "related", TargetCollection = "Publisher", Uuids = { Publisher } });
        batch.Objects[5].Properties.SingleTargetRefProps.Add(new BatchObject.Types.SingleTargetRefProps { PropName = "writtenBy", Uuids = { Cid, Bob } });
        Assert.Empty((await _client.BatchObjectsAsync(batch)).Errors);
        Assert.Equal(204, (await _server.DeleteAsync($"/v1/objects/Author/{Cid}")).Status);
    }

    private static readonly string Publisher = Id(301), Ann = Id(311), Bob = Id(312), Cid = Id(313);

    private static SearchRequest Books(params RefPropertiesRequest[] references)
    {
        var request = Search();
        request.Collection = "Book";
        request.SortBy.Add(new SortBy { Path = { "title" }, Ascending = true });
        request.Properties = new PropertiesRequest { NonRefProperties = { "title" }, RefProperties = { references } };
        return request;
    }

    private static List<string> Targets(PropertiesResult result, string property) =>
        result.RefProps.Single(r => r.PropName == property).Properties.Select(p => p.Metadata.Id).ToList();

    [Fact]
    public async Task References_come_back_in_stored_order_with_the_asked_properties_metadata_and_nested_references()
    {
        await LibraryAsync();
        var reply = await _client.SearchAsync(Books(new RefPropertiesRequest
        {
            ReferenceProperty = "writtenBy",
            Properties = new PropertiesRequest
            {
                NonRefProperties = { "name" },
                RefProperties = { new RefPropertiesRequest { ReferenceProperty = "worksFor", Metadata = new MetadataRequest { Uuid = true } } },
            },
            Metadata = new MetadataRequest { Uuid = true, Vector = true, CreationTimeUnix = true },
        }));

        Assert.Equal(["b1", "b2", "b3"], reply.Results.Select(r => r.Properties.NonRefProps.Fields["title"].TextValue));
        var b1 = reply.Results[0].Properties;
        Assert.True(b1.RefPropsRequested);
        Assert.Equal(["title"], b1.NonRefProps.Fields.Keys);
        Assert.Equal([Bob, Ann], Targets(b1, "writtenBy")); // the order the references were stored in, not id order
        var bob = b1.RefProps[0].Properties[0];
        var ann = b1.RefProps[0].Properties[1];
        Assert.Equal("Author", ann.TargetCollection);
        Assert.Equal(["name"], ann.NonRefProps.Fields.Keys); // only the property asked for
        Assert.Equal("Ann", ann.NonRefProps.Fields["name"].TextValue);
        Assert.True(ann.Metadata.CreationTimeUnixPresent);
        Assert.True(ann.Metadata.CreationTimeUnix > 0);
        Assert.Equal(Float32(1, 0, 0), ann.Metadata.VectorBytes);
        Assert.True(bob.Metadata.VectorBytes.IsEmpty);

        // Nested: Ann's publisher with every property (none named), Bob holds no worksFor (asked, none stored).
        Assert.True(ann.RefPropsRequested);
        var penguin = Assert.Single(Assert.Single(ann.RefProps).Properties);
        Assert.Equal(Publisher, penguin.Metadata.Id);
        Assert.Equal("Publisher", penguin.TargetCollection);
        Assert.Equal("London", penguin.NonRefProps.Fields["city"].TextValue);
        Assert.Equal("Penguin", penguin.NonRefProps.Fields["name"].TextValue);
        Assert.True(bob.RefPropsRequested);
        Assert.Empty(bob.RefProps);

        Assert.Equal([Bob], Targets(reply.Results[1].Properties, "writtenBy")); // Cid is deleted: left out
        var b3 = reply.Results[2].Properties;
        Assert.True(b3.RefPropsRequested);
        Assert.Empty(b3.RefProps); // b3 holds no writtenBy

        // Fetch by id, as the client's fetchObjectById asks: every property of the target (none named).
        var byId = Books(new RefPropertiesRequest { ReferenceProperty = "writtenBy", Metadata = new MetadataRequest { Uuid = true } });
        byId.Properties.ReturnAllNonrefProperties = true;
        byId.Filters = Equal("_id", Id(322));
        var only = Assert.Single((await _client.SearchAsync(byId)).Results).Properties;
        var bobAgain = Assert.Single(Assert.Single(only.RefProps).Properties);
        Assert.Equal(["born", "name"], bobAgain.NonRefProps.Fields.Keys.Order());
        Assert.Equal(1960, bobAgain.NonRefProps.Fields["born"].IntValue);
    }

    [Fact]
    public async Task A_multi_target_reference_needs_a_target_collection_and_returns_its_objects_only()
    {
        await LibraryAsync();
        var publishers = await _client.SearchAsync(Books(new RefPropertiesRequest { ReferenceProperty = "related", TargetCollection = "Publisher" }));
        Assert.Equal([Publisher], Targets(publishers.Results[0].Properties, "related"));
        var authors = await _client.SearchAsync(Books(new RefPropertiesRequest { ReferenceProperty = "related", TargetCollection = "Author" }));
        Assert.Equal([Ann], Targets(authors.Results[0].Properties, "related"));

        async Task<RpcException> Refused(RefPropertiesRequest r) => await Assert.ThrowsAsync<RpcException>(() => _client.SearchAsync(Books(r)).ResponseAsync);
        var untargeted = await Refused(new RefPropertiesRequest { ReferenceProperty = "related" });
        Assert.Equal(StatusCode.InvalidArgument, untargeted.StatusCode);
        Assert.Contains("multi target references from collection Book and property related", untargeted.Status.Detail);
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(new RefPropertiesRequest { ReferenceProperty = "related", TargetCollection = "Point" })).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(new RefPropertiesRequest { ReferenceProperty = "nope" })).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(new RefPropertiesRequest { ReferenceProperty = "title" })).StatusCode);
        var nestedUnknown = new RefPropertiesRequest
        {
            ReferenceProperty = "writtenBy",
            Properties = new PropertiesRequest { RefProperties = { new RefPropertiesRequest { ReferenceProperty = "nope" } } },
        };
        Assert.Equal(StatusCode.InvalidArgument, (await Refused(nestedUnknown)).StatusCode);
    }

    [Fact]
    public async Task Aggregate_counts_all_and_filtered_and_aggregates_each_type()
    {
        var all = await _client.AggregateAsync(new AggregateRequest { Collection = "Point", ObjectsCount = true });
        Assert.Equal(Count, all.SingleResult.ObjectsCount);

        var request = new AggregateRequest
        {
            Collection = "Point", ObjectsCount = true,
            Filters = Int(Filters.Types.Operator.LessThanEqual, "rank", 10),
            Aggregations =
            {
                new AggregateRequest.Types.Aggregation { Property = "rank", Int = new() { Count = true, Minimum = true, Maximum = true, Sum = true, Mean = true, Median = true } },
                new AggregateRequest.Types.Aggregation { Property = "name", Text = new() { Count = true, TopOccurences = true, TopOccurencesLimit = 2 } },
                new AggregateRequest.Types.Aggregation { Property = "ok", Boolean = new() { TotalTrue = true, PercentageTrue = true } },
                new AggregateRequest.Types.Aggregation { Property = "day", Date = new() { Minimum = true, Maximum = true } },
            },
        };
        var reply = await _client.AggregateAsync(request);
        Assert.Equal(10, reply.SingleResult.ObjectsCount);
        var byName = reply.SingleResult.Aggregations.Aggregations_.ToDictionary(a => a.Property);
        var rank = byName["rank"].Int;
        Assert.Equal(10, rank.Count);
        Assert.Equal(1, rank.Minimum);
        Assert.Equal(10, rank.Maximum);
        Assert.Equal(55, rank.Sum);
        Assert.Equal(5.5, rank.Mean);
        Assert.Equal(5.5, rank.Median);
        Assert.False(rank.HasMode); // not asked
        var name = byName["name"].Text;
        Assert.Equal(10, name.Count);
        Assert.Equal([("low", 6L), ("mid", 4L)], name.TopOccurences.Items.Select(o => (o.Value, o.Occurs)));
        Assert.Equal(5, byName["ok"].Boolean.TotalTrue);
        Assert.Equal(0.5, byName["ok"].Boolean.PercentageTrue);
        Assert.False(byName["ok"].Boolean.HasTotalFalse);
        Assert.StartsWith("2024-01-01T00:00:00", byName["day"].Date.Minimum);
        Assert.StartsWith("2024-01-10T00:00:00", byName["day"].Date.Maximum);
    }

    [Fact]
    public async Task Aggregate_group_by_and_near_vector_with_object_limit()
    {
        var grouped = await _client.AggregateAsync(new AggregateRequest
        {
            Collection = "Point", ObjectsCount = true,
            GroupBy = new AggregateRequest.Types.GroupBy { Collection = "Point", Property = "name" },
            Aggregations = { new AggregateRequest.Types.Aggregation { Property = "rank", Int = new() { Sum = true } } },
        });
        var groups = grouped.GroupedResults.Groups.Select(g => (g.GroupedBy.Text, g.ObjectsCount, g.Aggregations.Aggregations_[0].Int.Sum)).ToList();
        Assert.Equal([("low", 6L, 21L), ("mid", 4L, 34L), ("high", 2L, 23L)], groups);
        Assert.Equal("name", grouped.GroupedResults.Groups[0].GroupedBy.Path[0]);

        var query = new[] { 0.2f, 0.9f, 0.4f };
        var near = await _client.AggregateAsync(new AggregateRequest
        {
            Collection = "Point", ObjectsCount = true, ObjectLimit = 3, NearVector = Near(query),
            Aggregations = { new AggregateRequest.Types.Aggregation { Property = "rank", Int = new() { Sum = true } } },
        });
        var nearest = Enumerable.Range(1, Count).OrderBy(i => Cosine(query, VectorOf(i))).Take(3).ToList();
        Assert.Equal(3, near.SingleResult.ObjectsCount);
        Assert.Equal(nearest.Sum(), near.SingleResult.Aggregations.Aggregations_[0].Int.Sum);
    }
}
