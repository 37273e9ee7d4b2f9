using System.Diagnostics;
using System.Text;
using Barge.Server.Grpc.Protocol;
using Barge.Server.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Barge.Server.Tests.Weaviate;
using static Barge.Server.Tests.Grpc.GrpcKit;
using Value = Google.Protobuf.WellKnownTypes.Value;

// Old clients still send the deprecated fields, so the corpus sends them too.
#pragma warning disable CS0612

namespace Barge.Server.Tests.Hostile;

/// <summary>
/// Every <c>weaviate.v1</c> gRPC method the server maps (read from its endpoint data source, so a method added later
/// fails this test until it is taught a corpus), called with messages an attacker or a careless client would send:
/// garbage bytes, deeply nested properties, huge strings, NaN and odd-length vectors, empty and 100,000-item batches,
/// filters thousands wide or hundreds deep, unknown names, bad uuids, NUL in every string, and <c>BatchStream</c>
/// calls that break the protocol or vanish. No call may end INTERNAL or UNKNOWN or outlive its deadline, and a fixed
/// set of objects written before is the same after.
/// </summary>
public sealed class GrpcHostileCorpusTests : IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const int Parallelism = 4;

    private TestServer _server = null!;
    private global::Grpc.Net.Client.GrpcChannel _channel = null!;
    // What the server logged: gRPC logs the exception behind an UNKNOWN answer, which the client never sees.
    private readonly CapturedLogs _logs = new();

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync(logging: _logs.AddTo);
        _channel = _server.GrpcChannel(maxMessageBytes: 64 * 1024 * 1024);
        await _server.CreateClassAsync("""{"class":"Hostile","properties":[{"name":"t","dataType":["text"]},{"name":"n","dataType":["number"]},{"name":"tags","dataType":["text[]"]},{"name":"link","dataType":["Hostile"]}]}""");
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _server.DisposeAsync();
    }

    /// <summary>One hostile call: the messages sent as raw bytes; for a stream, whether the client vanishes mid-call.</summary>
    private sealed record HostileCall(IMethod Method, string Name, byte[][] Messages, bool Vanish = false)
    {
        public override string ToString() => $"{Method.Name} {Name}";
    }

    [Fact]
    public async Task No_hostile_grpc_call_ends_internal_and_the_neighbours_are_unharmed()
    {
        var kept = await HostileNeighbours.WriteAsync(_server);
        var before = await HostileNeighbours.SnapshotAsync(_server, kept);

        var calls = Methods().SelectMany(CorpusFor).ToList();
        Assert.True(calls.Count >= 200, $"the gRPC corpus has only {calls.Count} calls");
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var invoker = _channel.CreateCallInvoker();
        await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (call, _) =>
        {
            var watch = Stopwatch.StartNew();
            var (status, detail) = await CallAsync(invoker, call);
            if (status is StatusCode.Internal or StatusCode.Unknown)
                failures.Add($"{call}: {status} {Clip(detail)}");
            else if (status == StatusCode.DeadlineExceeded || watch.Elapsed >= Deadline) failures.Add($"{call}: no answer within {Deadline.TotalSeconds} s");
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {calls.Count} hostile gRPC calls failed:\n" + string.Join("\n", failures.Order().Take(60))
            + "\nexceptions the server logged:\n" + string.Join("\n", _logs.Entries.Where(e => e.Exception is not null).Take(5).Select(e => $"{e.Category}: {e.Exception}")));

        Assert.Equal(before, await HostileNeighbours.SnapshotAsync(_server, kept));
    }

    private static async Task<(StatusCode Status, string Detail)> CallAsync(CallInvoker invoker, HostileCall call)
    {
        var raw = Marshallers.Create(b => b, b => b);
        var method = new Method<byte[], byte[]>(call.Method.Type, call.Method.ServiceName, call.Method.Name, raw, raw);
        using var vanish = new CancellationTokenSource();
        var options = new CallOptions(deadline: DateTime.UtcNow.Add(Deadline), cancellationToken: vanish.Token);
        try
        {
            switch (call.Method.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, call.Messages[0]);
                    break;
                case MethodType.DuplexStreaming:
                    using (var stream = invoker.AsyncDuplexStreamingCall(method, null, options))
                    {
                        var reading = Task.Run(async () =>
                        {
                            while (await stream.ResponseStream.MoveNext(CancellationToken.None)) { }
                        });
                        foreach (var message in call.Messages) await stream.RequestStream.WriteAsync(message);
                        if (call.Vanish)
                        {
                            // The client goes away mid-call: the server must let go of the call, which the next calls prove.
                            await vanish.CancelAsync();
                            try { await reading; } catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled) { }
                            return (StatusCode.Cancelled, "vanished");
                        }
                        await stream.RequestStream.CompleteAsync();
                        await reading;
                    }
                    break;
                default:
                    throw new InvalidOperationException($"{call.Method.FullName} is {call.Method.Type}: teach this test to call it");
            }
            return (StatusCode.OK, "");
        }
        catch (RpcException ex)
        {
            return (ex.StatusCode, ex.Status.Detail);
        }
    }

    private List<IMethod> Methods() => _server.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .Select(e => e.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method)
        .OfType<IMethod>()
        .Where(m => m.ServiceName.StartsWith("weaviate.", StringComparison.Ordinal))
        .DistinctBy(m => m.FullName)
        .ToList();

    private static IEnumerable<HostileCall> CorpusFor(IMethod method)
    {
        // Every method: bytes that are no message of its type (or of any type).
        foreach (var (name, bytes) in Garbage()) yield return new(method, "garbage " + name, [bytes]);
        IEnumerable<(string, IMessage)> typed = method.Name switch
        {
            "Search" => Searches(),
            "Aggregate" => Aggregates(),
            "BatchDelete" => Deletes(),
            "BatchObjects" => ObjectBatches().Select(b => (b.Name, (IMessage)new BatchObjectsRequest { Objects = { b.Objects } })),
            "BatchReferences" => ReferenceBatches(),
            "TenantsGet" => Tenants(),
            "BatchStream" => [],
            _ => throw new InvalidOperationException($"{method.FullName} has no hostile corpus: teach this test its messages"),
        };
        foreach (var (name, message) in typed) yield return new(method, name, [message.ToByteArray()]);
        if (method.Name == "BatchStream") foreach (var call in Streams(method)) yield return call;
    }

    private static IEnumerable<(string, byte[])> Garbage()
    {
        yield return ("ff", [0xFF]);
        yield return ("ff*64", Enumerable.Repeat((byte)0xFF, 64).ToArray());
        yield return ("truncated varint", [0x08, 0x80, 0x80]);
        yield return ("length past the end", [0x0A, 0xFF, 0xFF, 0xFF, 0x0F, 0x41]);
        yield return ("group start", [0x0B, 0x0C]);
        yield return ("field 0", [0x00, 0x01]);
        yield return ("utf8 invalid string", [0x0A, 0x03, 0xFF, 0xFE, 0xC0]);
        yield return ("text", Encoding.UTF8.GetBytes("{\"collection\":\"Hostile\"}"));
        var random = new Random(22);
        for (var i = 0; i < 6; i++)
        {
            var bytes = new byte[random.Next(1, 4000)];
            random.NextBytes(bytes);
            yield return ($"random {i}", bytes);
        }
    }

    private static readonly string[] Names = ["Unknown", "", "\0", "hostile", "Hostile\0", new string('C', 5000), "Кириллица", "a/b", "Hostile.t"];
    private static readonly string[] Uuids = ["", "not-a-uuid", "\0", "00000000-0000-4000-8000-00000000000Z", new string('f', 5000), "{00000000-0000-4000-8000-000000000001}"];

    /// <summary>Filters a careless client could build: wide, deep, unknown, of the wrong type, with odd values.</summary>
    private static IEnumerable<(string, Filters)> HostileFilters()
    {
        static Filters Or(Filters.Types.Operator op, IEnumerable<Filters> operands) => new() { Operator = op, Filters_ = { operands } };
        yield return ("or 5000", Or(Filters.Types.Operator.Or, Enumerable.Range(0, 5000).Select(i => Equal("t", "x" + i))));
        yield return ("and 3000", Or(Filters.Types.Operator.And, Enumerable.Range(0, 3000).Select(i => Equal("t", "x" + i))));
        var deep = Equal("t", "x");
        for (var i = 0; i < 40; i++) deep = Or(i % 2 == 0 ? Filters.Types.Operator.And : Filters.Types.Operator.Or, [deep, Equal("t", "y")]);
        yield return ("deep 40", deep);
        var deeper = Equal("t", "x");
        for (var i = 0; i < 200; i++) deeper = Or(Filters.Types.Operator.Not, [deeper]);
        yield return ("not 200 deep (past protobuf's recursion limit)", deeper);
        yield return ("empty and", new Filters { Operator = Filters.Types.Operator.And });
        yield return ("empty not", new Filters { Operator = Filters.Types.Operator.Not });
        yield return ("not of 2", Or(Filters.Types.Operator.Not, [Equal("t", "a"), Equal("t", "b")]));
        yield return ("unspecified", new Filters());
        yield return ("no target", new Filters { Operator = Filters.Types.Operator.Equal, ValueText = "x" });
        yield return ("unknown property", Equal("nope", "x"));
        yield return ("nul property", Equal("\0", "\0"));
        yield return ("huge value", Equal("t", new string('v', 1_000_000)));
        yield return ("like of stars", new Filters { Operator = Filters.Types.Operator.Like, Target = new() { Property = "t" }, ValueText = new string('*', 50_000) });
        yield return ("text vs number", new Filters { Operator = Filters.Types.Operator.GreaterThan, Target = new() { Property = "t" }, ValueNumber = double.NaN });
        yield return ("number NaN", new Filters { Operator = Filters.Types.Operator.LessThan, Target = new() { Property = "n" }, ValueNumber = double.NaN });
        yield return ("number inf", new Filters { Operator = Filters.Types.Operator.Equal, Target = new() { Property = "n" }, ValueNumber = double.PositiveInfinity });
        yield return ("number array NaN", new Filters
        {
            Operator = Filters.Types.Operator.ContainsAny, Target = new() { Property = "n" },
            ValueNumberArray = new NumberArray { Values = { 1, double.NaN, double.NegativeInfinity } },
        });
        yield return ("geo NaN in range", new Filters
        {
            Operator = Filters.Types.Operator.WithinGeoRange, Target = new() { Property = "n" },
            ValueGeo = new GeoCoordinatesFilter { Latitude = float.NaN, Longitude = 1, Distance = float.PositiveInfinity },
        });
        yield return ("int max", new Filters { Operator = Filters.Types.Operator.Equal, Target = new() { Property = "n" }, ValueInt = long.MinValue });
        yield return ("contains 70000", new Filters
        {
            Operator = Filters.Types.Operator.ContainsAny, Target = new() { Property = "tags" },
            ValueTextArray = new TextArray { Values = { Enumerable.Range(0, 70_000).Select(i => "v" + i) } },
        });
        yield return ("contains empty", new Filters { Operator = Filters.Types.Operator.ContainsAll, Target = new() { Property = "tags" }, ValueTextArray = new TextArray() });
        yield return ("geo NaN", new Filters
        {
            Operator = Filters.Types.Operator.WithinGeoRange, Target = new() { Property = "n" },
            ValueGeo = new GeoCoordinatesFilter { Latitude = float.NaN, Longitude = float.PositiveInfinity, Distance = -1 },
        });
        yield return ("is null text", new Filters { Operator = Filters.Types.Operator.IsNull, Target = new() { Property = "t" }, ValueText = "x" });
        yield return ("operator 999", new Filters { Operator = (Filters.Types.Operator)999, Target = new() { Property = "t" }, ValueText = "x" });
        var hops = new FilterTarget { Property = "t" };
        for (var i = 0; i < 30; i++) hops = new FilterTarget { SingleTarget = new FilterReferenceSingleTarget { On = "link", Target = hops } };
        yield return ("30 reference hops", new Filters { Operator = Filters.Types.Operator.Equal, Target = hops, ValueText = "x" });
        yield return ("unknown reference", new Filters
        {
            Operator = Filters.Types.Operator.Equal, ValueText = "x",
            Target = new() { MultiTarget = new FilterReferenceMultiTarget { On = "nope", TargetCollection = "\0", Target = new() { Property = "t" } } },
        });
        yield return ("count of text", new Filters { Operator = Filters.Types.Operator.Equal, Target = new() { Count = new FilterReferenceCount { On = "t" } }, ValueInt = 1 });
        yield return ("old on path", new Filters { Operator = Filters.Types.Operator.Equal, On = { "link", "\0", "t", "x", "y" }, ValueText = "x" });
        yield return ("empty target", new Filters { Operator = Filters.Types.Operator.Equal, Target = new FilterTarget(), ValueText = "x" });
    }

    private static IEnumerable<(string, IMessage)> Searches()
    {
        foreach (var name in Names) yield return ("collection " + Clip(name), new SearchRequest { Collection = name, Limit = 5 });
        foreach (var (name, filter) in HostileFilters()) yield return ("filter " + name, new SearchRequest { Collection = "Hostile", Filters = filter, Limit = 5 });
        yield return ("limit max", new SearchRequest { Collection = "Hostile", Limit = uint.MaxValue, Offset = uint.MaxValue });
        yield return ("autocut", new SearchRequest { Collection = "Hostile", Autocut = uint.MaxValue });
        yield return ("after bad", new SearchRequest { Collection = "Hostile", After = "\0" });
        yield return ("after huge", new SearchRequest { Collection = "Hostile", After = new string('f', 5000) });
        yield return ("tenant", new SearchRequest { Collection = "Hostile", Tenant = "\0" });
        yield return ("consistency 99", new SearchRequest { Collection = "Hostile", ConsistencyLevel = (ConsistencyLevel)99 });
        yield return ("sort 500 keys", new SearchRequest { Collection = "Hostile", SortBy = { Enumerable.Range(0, 500).Select(i => new SortBy { Path = { "p" + i } }) } });
        yield return ("sort empty path", new SearchRequest { Collection = "Hostile", SortBy = { new SortBy() } });
        yield return ("sort nul", new SearchRequest { Collection = "Hostile", SortBy = { new SortBy { Path = { "\0", "t" } } } });
        yield return ("properties unknown", new SearchRequest
        {
            Collection = "Hostile",
            Properties = new PropertiesRequest { NonRefProperties = { "nope", "\0", new string('p', 5000) }, RefProperties = { new RefPropertiesRequest { ReferenceProperty = "t" } } },
        });
        yield return ("metadata vectors", new SearchRequest { Collection = "Hostile", Metadata = new MetadataRequest { Vectors = { "nope", "\0" }, Vector = true, Distance = true } });
        yield return ("group by", new SearchRequest { Collection = "Hostile", GroupBy = new GroupBy { Path = { "nope", "t" }, NumberOfGroups = -1, ObjectsPerGroup = int.MaxValue } });
        foreach (var (name, near) in NearVectors()) yield return ("nearVector " + name, new SearchRequest { Collection = "Hostile", NearVector = near, Limit = 3 });
        yield return ("nearObject bad", new SearchRequest { Collection = "Hostile", NearObject = new NearObject { Id = "\0", Certainty = double.NaN } });
        yield return ("nearObject unknown", new SearchRequest { Collection = "Hostile", NearObject = new NearObject { Id = "00000000-0000-4000-8000-0000000000aa" } });
        yield return ("nearText", new SearchRequest { Collection = "Hostile", NearText = new NearTextSearch { Query = { new string('q', 100_000), "\0" } } });
        yield return ("bm25 huge", new SearchRequest { Collection = "Hostile", Bm25Search = new BM25 { Query = string.Join(" ", Enumerable.Range(0, 20_000).Select(i => "w" + i)), Properties = { "nope", "\0" } } });
        yield return ("bm25 nul", new SearchRequest { Collection = "Hostile", Bm25Search = new BM25 { Query = "\0\0", Properties = { "t^999999999999" } } });
        yield return ("hybrid", new SearchRequest
        {
            Collection = "Hostile",
            HybridSearch = new Hybrid { Query = "\0", Alpha = float.NaN, VectorBytes = ByteString.CopyFrom(1, 2, 3), Properties = { "\0" } },
        });
        yield return ("hybrid nearVector", new SearchRequest
        {
            Collection = "Hostile",
            HybridSearch = new Hybrid { Query = "x", Alpha = 2, NearVector = new NearVector { VectorBytes = Float32(float.NaN) }, FusionType = (Hybrid.Types.FusionType)77 },
        });
    }

    private static IEnumerable<(string, NearVector)> NearVectors()
    {
        yield return ("odd bytes", new NearVector { VectorBytes = ByteString.CopyFrom(1, 2, 3, 4, 5) });
        yield return ("NaN", new NearVector { VectorBytes = Float32(float.NaN, 1, 2) });
        yield return ("Inf", new NearVector { VectorBytes = Float32(float.PositiveInfinity, float.NegativeInfinity) });
        yield return ("empty", new NearVector { VectorBytes = ByteString.Empty });
        yield return ("100k dims", new NearVector { VectorBytes = Float32(new float[100_000]) });
        yield return ("certainty NaN", new NearVector { VectorBytes = Float32(1, 2), Certainty = double.NaN, Distance = double.NegativeInfinity });
        yield return ("unknown target", new NearVector { Vectors = { new Vectors { Name = "\0", VectorBytes = ByteString.CopyFrom(1), Type = (Vectors.Types.VectorType)9 } } });
        yield return ("multi odd", new NearVector { Vectors = { new Vectors { VectorBytes = ByteString.CopyFrom(1, 2, 3), Type = Vectors.Types.VectorType.MultiFp32 } } });
        yield return ("per target", new NearVector { VectorForTargets = { new VectorForTarget { Name = "nope", VectorBytes = ByteString.CopyFrom(9) } } });
        yield return ("targets", new NearVector { VectorBytes = Float32(1), Targets = new Targets { TargetVectors = { "a", "b" }, Combination = (CombinationMethod)42, WeightsForTargets = { new WeightsForTarget { Target = "c", Weight = float.NaN } } } });
    }

    private static IEnumerable<(string, IMessage)> Aggregates()
    {
        foreach (var name in Names) yield return ("collection " + Clip(name), new AggregateRequest { Collection = name, ObjectsCount = true });
        foreach (var (name, filter) in HostileFilters()) yield return ("filter " + name, new AggregateRequest { Collection = "Hostile", ObjectsCount = true, Filters = filter });
        yield return ("aggregations unknown", new AggregateRequest
        {
            Collection = "Hostile",
            Aggregations =
            {
                new AggregateRequest.Types.Aggregation { Property = "nope", Int = new() { Mean = true } },
                new AggregateRequest.Types.Aggregation { Property = "t", Number = new() { Sum = true, Median = true } },
                new AggregateRequest.Types.Aggregation { Property = "n", Text = new() { TopOccurences = true, TopOccurencesLimit = uint.MaxValue } },
                new AggregateRequest.Types.Aggregation { Property = "\0", Date = new() { Median = true } },
                new AggregateRequest.Types.Aggregation { Property = "tags", Boolean = new() { PercentageTrue = true } },
                new AggregateRequest.Types.Aggregation { Property = "link", Reference = new() { PointingTo = true } },
                new AggregateRequest.Types.Aggregation { Property = "t" },
            },
        });
        yield return ("5000 aggregations", new AggregateRequest
        {
            Collection = "Hostile",
            Aggregations = { Enumerable.Range(0, 5000).Select(i => new AggregateRequest.Types.Aggregation { Property = "t", Text = new() { Count = true, TopOccurences = true } }) },
        });
        yield return ("group by unknown", new AggregateRequest { Collection = "Hostile", ObjectsCount = true, GroupBy = new() { Collection = "\0", Property = "nope" }, Limit = uint.MaxValue });
        yield return ("group by text", new AggregateRequest { Collection = "Hostile", ObjectsCount = true, GroupBy = new() { Collection = "Hostile", Property = "tags" }, Limit = 0 });
        yield return ("object limit", new AggregateRequest { Collection = "Hostile", ObjectsCount = true, ObjectLimit = uint.MaxValue, NearVector = new NearVector { VectorBytes = ByteString.CopyFrom(1, 2, 3) } });
        foreach (var (name, near) in NearVectors()) yield return ("nearVector " + name, new AggregateRequest { Collection = "Hostile", ObjectsCount = true, NearVector = near });
        yield return ("hybrid", new AggregateRequest { Collection = "Hostile", ObjectsCount = true, Hybrid = new Hybrid { Query = "\0", Alpha = float.PositiveInfinity } });
        yield return ("tenant", new AggregateRequest { Collection = "Hostile", ObjectsCount = true, Tenant = new string('t', 5000) });
    }

    private static IEnumerable<(string, IMessage)> Deletes()
    {
        // Only the Hostile collection is named with a filter that could match: the neighbours live elsewhere.
        foreach (var name in Names) yield return ("collection " + Clip(name), new BatchDeleteRequest { Collection = name, Filters = Equal("t", "none"), DryRun = true });
        foreach (var (name, filter) in HostileFilters()) yield return ("filter " + name, new BatchDeleteRequest { Collection = "Hostile", Filters = filter, Verbose = true });
        yield return ("no filter", new BatchDeleteRequest { Collection = "Hostile" });
        yield return ("tenant", new BatchDeleteRequest { Collection = "Hostile", Filters = Equal("t", "none"), Tenant = "\0" });
    }

    private static IEnumerable<(string Name, BatchObject[] Objects)> ObjectBatches()
    {
        static Value Nested(int depth)
        {
            var v = Value.ForString("leaf");
            for (var i = 0; i < depth; i++)
                v = i % 2 == 0 ? Value.ForStruct(Struct(("in", v))) : Value.ForList(v, Value.ForNull());
            return v;
        }

        yield return ("zero items", []);
        yield return ("100k unknown collection", Enumerable.Range(0, 100_000).Select(i => Object("Nope", Id(i))).ToArray());
        yield return ("100k empty", Enumerable.Range(0, 100_000).Select(_ => new BatchObject()).ToArray());
        foreach (var name in Names) yield return ("collection " + Clip(name), [Object(name, Id(1))]);
        foreach (var uuid in Uuids) yield return ("uuid " + Clip(uuid), [Object("Hostile", uuid)]);
        yield return ("nested 60", [Object("Hostile", Id(2), Struct(("t", Nested(60))))]);
        yield return ("nested 200 (past protobuf's recursion limit)", [Object("Hostile", Id(3), Struct(("t", Nested(200))))]);
        yield return ("struct for text", [Object("Hostile", Id(4), Struct(("t", Value.ForStruct(Struct(("a", Value.ForNumber(1))))), ("n", Value.ForString("x"))))]);
        yield return ("list for number", [Object("Hostile", Id(5), Struct(("n", Value.ForList(Value.ForNumber(double.NaN)))))]);
        yield return ("NaN number", [Object("Hostile", Id(6), Struct(("n", Value.ForNumber(double.NaN))))]);
        yield return ("Inf number", [Object("Hostile", Id(7), Struct(("n", Value.ForNumber(double.PositiveInfinity))))]);
        yield return ("huge string", [Object("Hostile", Id(8), Struct(("t", Value.ForString(new string('h', 2_000_000)))))]);
        yield return ("huge word", [Object("Hostile", Id(9), Struct(("t", Value.ForString(string.Concat(Enumerable.Repeat("é", 100_000))))))]);
        yield return ("nul everywhere", [Object("Hostile", Id(10), Struct(("t", Value.ForString("a\0b")), ("\0", Value.ForString("\0"))))]);
        yield return ("odd strings", [Object("Hostile", Id(11), Struct(("t", Value.ForString("\uFEFF\u202E\uFFFF\u0085\r\n\t\u2028 \U0001F600"))))]);
        yield return ("unknown property", [Object("Hostile", Id(12), Struct(("nope", Value.ForString("x")), (new string('p', 5000), Value.ForNull())))]);
        yield return ("10k properties", [Object("Hostile", Id(13), Struct(Enumerable.Range(0, 10_000).Select(i => ("p" + i, Value.ForNumber(i))).ToArray()))]);
        yield return ("vector odd bytes", [Vectored(14, v => v.VectorBytes = ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7))]);
        yield return ("vector NaN", [Vectored(15, v => v.VectorBytes = Float32(float.NaN, float.PositiveInfinity))]);
        yield return ("vector NaN deprecated", [Vectored(16, v => v.Vector.AddRange([float.NaN, float.NegativeInfinity]))]);
        yield return ("vectors odd", [Vectored(17, v => v.Vectors.Add(new Vectors { Name = "\0", VectorBytes = ByteString.CopyFrom(1, 2, 3), Type = Vectors.Types.VectorType.MultiFp32 }))]);
        yield return ("vector 100k dims", [Vectored(18, v => v.VectorBytes = Float32(new float[100_000]))]);
        yield return ("vectors duplicate names", [Vectored(19, v => v.Vectors.AddRange([new Vectors { Name = "a", VectorBytes = Float32(1) }, new Vectors { Name = "a", VectorBytes = Float32(1, 2) }]))]);
        yield return ("duplicate uuids", [Object("Hostile", Id(20)), Object("Hostile", Id(20)), Object("Hostile", Id(20))]);
        yield return ("tenant", [new BatchObject { Collection = "Hostile", Uuid = Id(21), Tenant = "\0" }]);
        yield return ("refs bad", [WithProps(22, p =>
        {
            p.SingleTargetRefProps.Add(new BatchObject.Types.SingleTargetRefProps { PropName = "t", Uuids = { "\0", "x" } });
            p.MultiTargetRefProps.Add(new BatchObject.Types.MultiTargetRefProps { PropName = "link", TargetCollection = "Nope", Uuids = { Id(1) } });
            p.SingleTargetRefProps.Add(new BatchObject.Types.SingleTargetRefProps { PropName = "link", Uuids = { Enumerable.Range(0, 20_000).Select(i => Id(i)) } });
        })]);
        yield return ("arrays bad", [WithProps(23, p =>
        {
            p.NumberArrayProperties.Add(new NumberArrayProperties { PropName = "n", ValuesBytes = ByteString.CopyFrom(1, 2, 3) });
            p.NumberArrayProperties.Add(new NumberArrayProperties { PropName = "tags", Values = { double.NaN } });
            p.IntArrayProperties.Add(new IntArrayProperties { PropName = "t", Values = { long.MaxValue, long.MinValue } });
            p.TextArrayProperties.Add(new TextArrayProperties { PropName = "tags", Values = { "\0", new string('x', 100_000) } });
            p.BooleanArrayProperties.Add(new BooleanArrayProperties { PropName = "\0", Values = { true } });
            p.EmptyListProps.Add("nope");
            p.EmptyListProps.Add("t");
        })]);
        var deepObject = new ObjectPropertiesValue();
        for (var i = 0; i < 30; i++) deepObject = new ObjectPropertiesValue { ObjectProperties = { new ObjectProperties { PropName = "o", Value = deepObject } } };
        yield return ("object props", [WithProps(24, p =>
        {
            p.ObjectProperties.Add(new ObjectProperties { PropName = "t", Value = deepObject });
            p.ObjectArrayProperties.Add(new ObjectArrayProperties { PropName = "nope", Values = { new ObjectPropertiesValue(), deepObject } });
        })]);
    }

    private static BatchObject Vectored(int i, Action<BatchObject> set)
    {
        var o = Object("Hostile", Id(i));
        set(o);
        return o;
    }

    private static BatchObject WithProps(int i, Action<BatchObject.Types.Properties> set)
    {
        var o = Object("Hostile", Id(i));
        set(o.Properties);
        return o;
    }

    private static IEnumerable<(string, IMessage)> ReferenceBatches()
    {
        yield return ("zero", new BatchReferencesRequest());
        yield return ("100k bad", new BatchReferencesRequest
        {
            References = { Enumerable.Range(0, 100_000).Select(i => new BatchReference { Name = "link", FromCollection = "Hostile", FromUuid = "x" + i, ToUuid = "\0" }) },
        });
        foreach (var uuid in Uuids)
            yield return ("uuid " + Clip(uuid), new BatchReferencesRequest { References = { new BatchReference { Name = "link", FromCollection = "Hostile", FromUuid = uuid, ToUuid = uuid, ToCollection = "Hostile" } } });
        foreach (var name in Names)
            yield return ("names " + Clip(name), new BatchReferencesRequest { References = { new BatchReference { Name = name, FromCollection = name, FromUuid = Id(1), ToUuid = Id(2), ToCollection = name, Tenant = name } } });
        yield return ("to a text property", new BatchReferencesRequest { References = { new BatchReference { Name = "t", FromCollection = "Hostile", FromUuid = Id(1), ToUuid = Id(2) } } });
        yield return ("to the neighbours", new BatchReferencesRequest { References = { new BatchReference { Name = "link", FromCollection = "Keep", FromUuid = HostileNeighbours.Id(1), ToUuid = Id(2) } } });
    }

    private static IEnumerable<(string, IMessage)> Tenants()
    {
        foreach (var name in Names) yield return ("collection " + Clip(name), new TenantsGetRequest { Collection = name });
        yield return ("names", new TenantsGetRequest { Collection = "Hostile", Names = new TenantNames { Values = { "\0", new string('t', 5000) } } });
        yield return ("100k names", new TenantsGetRequest { Collection = "Hostile", Names = new TenantNames { Values = { Enumerable.Range(0, 100_000).Select(i => "t" + i) } } });
    }

    private static IEnumerable<HostileCall> Streams(IMethod method)
    {
        static byte[] Start() => new BatchStreamRequest { Start = new() }.ToByteArray();
        static byte[] Stop() => new BatchStreamRequest { Stop = new() }.ToByteArray();
        static byte[] Data(params BatchObject[] objects) => new BatchStreamRequest { Data = new() { Objects = new() { Values = { objects } } } }.ToByteArray();
        static byte[] Refs(params BatchReference[] refs) => new BatchStreamRequest { Data = new() { References = new() { Values = { refs } } } }.ToByteArray();
        byte[] good = Data(Object("Hostile", Id(100)));

        yield return new(method, "stream nothing", []);
        yield return new(method, "stream empty message", [[]]);
        yield return new(method, "stream data before start", [good, Stop()]);
        yield return new(method, "stream stop before start", [Stop()]);
        yield return new(method, "stream start twice", [Start(), Start(), good, Stop()]);
        yield return new(method, "stream stop twice", [Start(), Stop(), Stop()]);
        yield return new(method, "stream data after stop", [Start(), Stop(), good]);
        yield return new(method, "stream no stop", [Start(), good]);
        yield return new(method, "stream empty data", [Start(), new BatchStreamRequest { Data = new() }.ToByteArray(), Stop()]);
        yield return new(method, "stream garbage after start", [Start(), [0xFF, 0xFF, 0xFF], Stop()]);
        yield return new(method, "stream vanish after start", [Start()], Vanish: true);
        yield return new(method, "stream vanish after data", [Start(), good, Data(Enumerable.Range(0, 5000).Select(i => Object("Hostile", Id(1000 + i))).ToArray())], Vanish: true);
        foreach (var (name, objects) in ObjectBatches()) yield return new(method, "stream objects " + name, [Start(), Data(objects), Stop()]);
        yield return new(method, "stream bad references", [Start(), Refs(
            new BatchReference { Name = "\0", FromCollection = "Nope", FromUuid = "x", ToUuid = "\0" },
            new BatchReference { Name = "link", FromCollection = "Keep", FromUuid = HostileNeighbours.Id(1), ToUuid = Id(1) },
            new BatchReference()), Stop()]);
        yield return new(method, "stream 100k bad references", [Start(), Refs(
            Enumerable.Range(0, 100_000).Select(i => new BatchReference { Name = "link", FromCollection = "Hostile", FromUuid = "x" + i, ToUuid = "y" }).ToArray()), Stop()]);
    }

    private static string Id(int i) => $"00000000-0000-4000-8000-{i + 0x10000:D12}";

    private static string Clip(string text) => text.Length > 40 ? text[..40] + $"…({text.Length})" : text.Replace("\0", "\\0");
}
