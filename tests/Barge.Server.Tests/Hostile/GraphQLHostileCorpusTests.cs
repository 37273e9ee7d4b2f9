using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Barge.Server.Tests.Support;
using Barge.Server.Tests.Weaviate;

namespace Barge.Server.Tests.Hostile;

/// <summary>
/// <c>POST /v1/graphql</c> and <c>/v1/graphql/batch</c> with queries an attacker or a careless client would send: deep
/// selections, thousands of aliases and fragments, fragment cycles, huge limits, bad variables, invalid <c>where</c>
/// filters, <c>nearVector</c> of the wrong dimension or not numbers. No answer may be a 5xx or take longer than the
/// timeout, and a fixed set of objects written before is the same after.
/// </summary>
public sealed class GraphQLHostileCorpusTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private const int Parallelism = 4;

    private TestServer _server = null!;
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _client = new HttpClient { BaseAddress = _server.Client.BaseAddress, Timeout = Timeout };
        await _server.CreateClassAsync("""{"class":"Hostile","vectorizer":"none","properties":[{"name":"t","dataType":["text"]},{"name":"n","dataType":["number"]},{"name":"tags","dataType":["text[]"]},{"name":"link","dataType":["Hostile"]}]}""");
        var import = await _server.PostAsync("/v1/batch/objects", """{"objects":[{"class":"Hostile","id":"00000000-0000-4000-8000-000000010001","vector":[1,2,3],"properties":{"t":"one","n":1,"tags":["a"]}}]}""");
        Assert.Equal(200, import.Status);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task No_hostile_graphql_request_gets_a_server_error_and_the_neighbours_are_unharmed()
    {
        var kept = await HostileNeighbours.WriteAsync(_server);
        var before = await HostileNeighbours.SnapshotAsync(_server, kept);

        var requests = Corpus().ToList();
        Assert.True(requests.Count >= 150, $"the GraphQL corpus has only {requests.Count} requests");
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (r, _) =>
        {
            var watch = Stopwatch.StartNew();
            try
            {
                using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(r.Body));
                content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
                using var response = await _client.PostAsync(r.Path, content);
                var status = (int)response.StatusCode;
                if (status >= 500) failures.Add($"{r}: {status} {Clip(await response.Content.ReadAsStringAsync(), 300)}");
            }
            catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException)
            {
                failures.Add($"{r}: no answer ({ex.GetType().Name}) after {watch.Elapsed.TotalSeconds:F0} s");
            }
        });
        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests.Count} hostile GraphQL requests failed:\n" + string.Join("\n", failures.Order().Take(60)));

        Assert.Equal(before, await HostileNeighbours.SnapshotAsync(_server, kept));
    }

    private sealed record HostileRequest(string Path, string Name, string Body)
    {
        public override string ToString() => $"{Path} {Name}";
    }

    private static IEnumerable<HostileRequest> Corpus()
    {
        foreach (var (name, query, variables) in Queries())
        {
            // The variables go in as written: some are deeper than a JSON parser on this side would accept.
            var body = "{\"query\":" + JsonValue.Create(query).ToJsonString() + (variables is null ? "" : ",\"variables\":" + variables) + "}";
            yield return new("/v1/graphql", name, body);
            yield return new("/v1/graphql/batch", name, "[" + body + "," + body + "]");
        }
        foreach (var (name, body) in Bodies())
        {
            yield return new("/v1/graphql", name, body);
            yield return new("/v1/graphql/batch", name, "[" + body + "]");
            yield return new("/v1/graphql/batch", name + " bare", body);
        }
        yield return new("/v1/graphql/batch", "5000 items", "[" + string.Join(",", Enumerable.Repeat("{\"query\":\"{Get{Hostile{t}}}\"}", 5000)) + "]");
        yield return new("/v1/graphql/batch", "empty", "[]");
    }

    /// <summary>Bodies that are not a GraphQL request of the right shape.</summary>
    private static IEnumerable<(string, string)> Bodies()
    {
        yield return ("empty", "");
        yield return ("null", "null");
        yield return ("number", "12");
        yield return ("broken", "{\"query\":");
        yield return ("query number", "{\"query\":1}");
        yield return ("query null", "{\"query\":null}");
        yield return ("query nul", "{\"query\":\"\\u0000\"}");
        yield return ("query surrogate", "{\"query\":\"{Get{Hostile(where:{operator:Equal,path:[\\\"t\\\"],valueText:\\\"\\ud800\\\"}){t}}}\"}");
        yield return ("operationName odd", "{\"query\":\"query A{Get{Hostile{t}}} query B{Get{Hostile{t}}}\",\"operationName\":\"\\u0000\"}");
        yield return ("operationName missing", "{\"query\":\"query A{Get{Hostile{t}}} query B{Get{Hostile{t}}}\"}");
        yield return ("variables string", "{\"query\":\"{Get{Hostile{t}}}\",\"variables\":\"x\"}");
        yield return ("deep json", "{\"query\":\"{Get{Hostile{t}}}\",\"variables\":" + new string('[', 3000) + new string(']', 3000) + "}");
        yield return ("1 MB query", "{\"query\":\"" + new string(' ', 1_000_000) + "{Get{Hostile{t}}}\"}");
        yield return ("1 MB comment", "{\"query\":\"#" + new string('c', 1_000_000) + "\\n{Get{Hostile{t}}}\"}");
    }

    private static IEnumerable<(string Name, string Query, string? Variables)> Queries()
    {
        static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

        yield return ("deep selection 500", "{Get{Hostile{" + Repeat("link{... on Hostile{", 500) + "t" + Repeat("}}", 500) + "}}}", null);
        yield return ("deep selection 20", "{Get{Hostile{" + Repeat("link{... on Hostile{", 20) + "t" + Repeat("}}", 20) + "}}}", null);
        yield return ("deep braces 5000", Repeat("{", 5000) + Repeat("}", 5000), null);
        yield return ("deep list value 5000", "{Get{Hostile(where:{operator:Equal,path:" + Repeat("[", 5000) + "\"t\"" + Repeat("]", 5000) + ",valueText:\"x\"}){t}}}", null);
        yield return ("deep object value 2000", "{Get{Hostile(nearVector:" + Repeat("{a:", 2000) + "1" + Repeat("}", 2000) + "){t}}}", null);
        // Each of these kept the server busy past the timeout until a document's size was bounded (BARGE_MAX_GRAPHQL_*).
        yield return ("aliases 5000", "{Get{" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"a{i}:Hostile(limit:1){{t}} ")) + "}}", null);
        yield return ("aliases 2000 aggregate", "{Aggregate{" + string.Concat(Enumerable.Range(0, 2000).Select(i => $"a{i}:Hostile{{meta{{count}} n{{mean}}}} ")) + "}}", null);
        yield return ("fragments 5000", "{Get{Hostile{" + string.Concat(Enumerable.Range(0, 5000).Select(i => $"...F{i} ")) + "}}} "
            + string.Concat(Enumerable.Range(0, 5000).Select(i => $"fragment F{i} on Hostile{{t}} ")), null);
        yield return ("fragment bomb", "{Get{Hostile{...F0}}} " + string.Concat(Enumerable.Range(0, 30).Select(i => $"fragment F{i} on Hostile{{...F{i + 1} ...F{i + 1} }} ")) + "fragment F30 on Hostile{t}", null);
        yield return ("field repeated 10000", "{Get{Hostile{" + Repeat("t ", 10_000) + "}}}", null);
        yield return ("directives 5000", "{Get{Hostile{t " + Repeat("@include(if:true)", 5000) + "}}}", null);
        yield return ("fragment cycle", "{Get{Hostile{...A}}} fragment A on Hostile{t ...B} fragment B on Hostile{n ...A}", null);
        yield return ("fragment self", "{Get{Hostile{...A}}} fragment A on Hostile{...A}", null);
        yield return ("fragment unknown", "{Get{Hostile{...Nope}}}", null);
        yield return ("fragment on wrong type", "{Get{Hostile{...A}}} fragment A on Nope{t}", null);
        yield return ("limit huge", "{Get{Hostile(limit:99999999999999999999){t}}}", null);
        yield return ("limit int max", "{Get{Hostile(limit:2147483647,offset:2147483647){t}}}", null);
        yield return ("limit negative", "{Get{Hostile(limit:-1,offset:-5){t}}}", null);
        yield return ("limit float", "{Get{Hostile(limit:1e308){t}}}", null);
        yield return ("aggregate limit", "{Aggregate{Hostile(limit:-1,objectLimit:99999999999999999999,groupBy:[\"nope\"]){meta{count}}}}", null);
        yield return ("autocut", "{Get{Hostile(autocut:-1,limit:0){t}}}", null);
        yield return ("variables wrong type", "query Q($l:Int){Get{Hostile(limit:$l){t}}}", "{\"l\":\"ten\"}");
        yield return ("variables huge", "query Q($l:Int){Get{Hostile(limit:$l){t}}}", "{\"l\":99999999999999999999999}");
        yield return ("variables undeclared", "{Get{Hostile(limit:$l){t}}}", "{\"l\":1}");
        yield return ("variables unknown type", "query Q($l:Nope){Get{Hostile(limit:$l){t}}}", "{\"l\":1}");
        yield return ("variables missing non-null", "query Q($l:Int!){Get{Hostile(limit:$l){t}}}", "{}");
        yield return ("variables list", "query Q($l:Int){Get{Hostile(limit:$l){t}}}", "[1,2]");
        yield return ("variables where", "query Q($w:GetObjectsHostileWhereInpObj){Get{Hostile(where:$w){t}}}", "{\"w\":{\"operator\":\"Or\",\"operands\":[{\"path\":[\"\\u0000\"],\"operator\":\"Equal\",\"valueText\":1}]}}");
        yield return ("variables vector", "query Q($v:[Float]){Get{Hostile(nearVector:{vector:$v}){t}}}", "{\"v\":[\"a\",null,1e999]}");
        yield return ("variables deep", "query Q($v:[Float]){Get{Hostile(nearVector:{vector:$v}){t}}}", "{\"v\":" + Repeat("[", 500) + Repeat("]", 500) + "}");
        foreach (var (name, where) in Wheres())
        {
            yield return ("where " + name, "{Get{Hostile(where:" + where + "){t}}}", null);
            yield return ("aggregate where " + name, "{Aggregate{Hostile(where:" + where + "){meta{count}}}}", null);
        }
        foreach (var (name, near) in Nears())
        {
            yield return ("near " + name, "{Get{Hostile(" + near + "){t _additional{distance certainty id vector}}}}", null);
            yield return ("aggregate near " + name, "{Aggregate{Hostile(" + near + ",objectLimit:5){meta{count}}}}", null);
        }
        yield return ("unknown class", "{Get{Nope{t}}}", null);
        yield return ("unknown property", "{Get{Hostile{nope _additional{nope}}}}", null);
        yield return ("nul names", "{Get{Hostile{t}}}\u0000", null);
        yield return ("sort 500", "{Get{Hostile(sort:[" + string.Join(",", Enumerable.Range(0, 500).Select(i => $"{{path:[\"p{i}\"]}}")) + "]){t}}}", null);
        yield return ("sort odd", "{Get{Hostile(sort:[{path:[],order:sideways},{path:[\"link\",\"t\"]}]){t}}}", null);
        yield return ("after odd", "{Get{Hostile(after:\"\u0000\",limit:1){t}}}", null);
        yield return ("bm25 huge", "{Get{Hostile(bm25:{query:\"" + string.Join(" ", Enumerable.Range(0, 20_000).Select(i => "w" + i)) + "\",properties:[\"nope\",\"t^1e99\"]}){t}}}", null);
        yield return ("hybrid odd", "{Get{Hostile(hybrid:{query:\"x\",alpha:1e99,vector:[1],fusionType:nope}){t}}}", null);
        yield return ("group odd", "{Get{Hostile(group:{type:merge,force:99}){t}}}", null);
        yield return ("groupBy odd", "{Get{Hostile(groupBy:{path:[\"nope\"],groups:-1,objectsPerGroup:2147483647},nearVector:{vector:[1,2,3]}){t}}}", null);
        yield return ("tenant odd", "{Get{Hostile(tenant:\"" + new string('t', 5000) + "\"){t}}}", null);
        yield return ("introspection deep", "{__schema{types{fields{type{fields{type{fields{type{fields{type{name}}}}}}}}}}}", null);
        yield return ("introspection typename", "{__typename Get{__typename Hostile{__typename}}}", null);
        yield return ("mutation", "mutation{Get{Hostile{t}}}", null);
        yield return ("subscription", "subscription{Get{Hostile{t}}}", null);
        yield return ("Explore", "{Explore(nearVector:{vector:[1,2]},limit:-1){beacon distance}}", null);
        yield return ("neighbours deleted by name", "{Get{Keep(where:{operator:Equal,path:[\"n\"],valueInt:1}){title}}}", null);
        yield return ("syntax only", "{", null);
        yield return ("empty query", "", null);
        yield return ("string escapes", "{Get{Hostile(where:{operator:Equal,path:[\"t\"],valueText:\"\\uD800\\uZZZZ\\\"}){t}}}", null);
        yield return ("block string", "{Get{Hostile(where:{operator:Equal,path:[\"t\"],valueText:\"\"\"" + new string('b', 100_000) + "\"\"\"}){t}}}", null);
    }

    private static IEnumerable<(string, string)> Wheres()
    {
        static string Eq(int i) => $"{{operator:Equal,path:[\"t\"],valueText:\"x{i}\"}}";
        yield return ("or 5000", "{operator:Or,operands:[" + string.Join(",", Enumerable.Range(0, 5000).Select(Eq)) + "]}");
        yield return ("and 2000", "{operator:And,operands:[" + string.Join(",", Enumerable.Range(0, 2000).Select(Eq)) + "]}");
        var deep = Eq(0);
        for (var i = 0; i < 300; i++) deep = $"{{operator:{(i % 2 == 0 ? "And" : "Or")},operands:[{deep},{Eq(i)}]}}";
        yield return ("deep 300", deep);
        var mid = Eq(0);
        for (var i = 0; i < 30; i++) mid = $"{{operator:Not,operands:[{mid}]}}";
        yield return ("not 30", mid);
        yield return ("no operands", "{operator:And}");
        yield return ("empty operands", "{operator:Or,operands:[]}");
        yield return ("no operator", "{path:[\"t\"],valueText:\"x\"}");
        yield return ("unknown operator", "{operator:Nope,path:[\"t\"],valueText:\"x\"}");
        yield return ("unknown property", "{operator:Equal,path:[\"nope\"],valueText:\"x\"}");
        yield return ("empty path", "{operator:Equal,path:[],valueText:\"x\"}");
        yield return ("nul path", "{operator:Equal,path:[\"\\u0000\"],valueText:\"\\u0000\"}");
        yield return ("two values", "{operator:Equal,path:[\"n\"],valueText:\"x\",valueNumber:1}");
        yield return ("no value", "{operator:Equal,path:[\"n\"]}");
        yield return ("text vs number", "{operator:GreaterThan,path:[\"t\"],valueNumber:1e308}");
        yield return ("number huge", "{operator:Equal,path:[\"n\"],valueNumber:1e999}");
        yield return ("int huge", "{operator:Equal,path:[\"n\"],valueInt:99999999999999999999}");
        yield return ("date bad", "{operator:Equal,path:[\"_creationTimeUnix\"],valueDate:\"yesterday\"}");
        yield return ("like stars", "{operator:Like,path:[\"t\"],valueText:\"" + new string('*', 50_000) + "\"}");
        yield return ("like huge", "{operator:Like,path:[\"t\"],valueText:\"" + new string('?', 200_000) + "\"}");
        yield return ("contains 50000", "{operator:ContainsAny,path:[\"tags\"],valueText:[" + string.Join(",", Enumerable.Range(0, 50_000).Select(i => $"\"v{i}\"")) + "]}");
        yield return ("contains empty", "{operator:ContainsAll,path:[\"tags\"],valueText:[]}");
        yield return ("geo odd", "{operator:WithinGeoRange,path:[\"n\"],valueGeoRange:{geoCoordinates:{latitude:1e99,longitude:-1e99},distance:{max:-1}}}");
        yield return ("is null odd", "{operator:IsNull,path:[\"t\"],valueBoolean:\"yes\"}");
        yield return ("reference 30 hops", "{operator:Equal,path:[" + string.Concat(Enumerable.Repeat("\"link\",\"Hostile\",", 30)) + "\"t\"],valueText:\"x\"}");
        yield return ("reference unknown class", "{operator:Equal,path:[\"link\",\"Nope\",\"t\"],valueText:\"x\"}");
        yield return ("reference through text", "{operator:Equal,path:[\"t\",\"Hostile\",\"t\"],valueText:\"x\"}");
        yield return ("id bad", "{operator:Equal,path:[\"id\"],valueText:\"not-a-uuid\"}");
        yield return ("len odd", "{operator:Equal,path:[\"len(t)\"],valueInt:-1}");
        yield return ("not a filter", "\"where\"");
        yield return ("list", "[1,2]");
    }

    private static IEnumerable<(string, string)> Nears()
    {
        yield return ("vector wrong dimension", "nearVector:{vector:[1,2]}");
        yield return ("vector 100k dims", "nearVector:{vector:[" + string.Join(",", Enumerable.Repeat("0.5", 100_000)) + "]}");
        yield return ("vector empty", "nearVector:{vector:[]}");
        yield return ("vector strings", "nearVector:{vector:[\"a\",\"b\",\"c\"]}");
        yield return ("vector huge values", "nearVector:{vector:[1e999,-1e999,1e308]}");
        yield return ("vector zero", "nearVector:{vector:[0,0,0]}");
        yield return ("vector nested", "nearVector:{vector:[[1],[2],[3]]}");
        yield return ("vector certainty and distance", "nearVector:{vector:[1,2,3],certainty:2,distance:-5}");
        yield return ("vector unknown target", "nearVector:{vector:[1,2,3],targetVectors:[\"nope\",\"\\u0000\"]}");
        yield return ("vector per target", "nearVector:{vectorPerTarget:{nope:[1]}}");
        yield return ("nearObject bad id", "nearObject:{id:\"\\u0000\",beacon:\"weaviate://localhost/Nope/x\"}");
        yield return ("nearObject unknown", "nearObject:{id:\"00000000-0000-4000-8000-0000000000aa\"}");
        yield return ("nearText", "nearText:{concepts:[\"" + new string('q', 100_000) + "\"],moveTo:{force:99,concepts:[\"\"]}}");
        yield return ("two nears", "nearVector:{vector:[1,2,3]},nearObject:{id:\"00000000-0000-4000-8000-000000010001\"}");
    }

    private static string Clip(string text, int max) => text.Length > max ? text[..max] + $"…({text.Length})" : text;
}
