using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using static Barge.Server.Tests.Weaviate.ObjectsAssert;

namespace Barge.Server.Tests.Weaviate;

/// <summary>Authentication and admin-list authorization (spec §7.3) over HTTP.</summary>
public sealed class AuthTests
{
    private const string AnonymousRefused =
        """{"code":401,"message":"anonymous access not enabled. Please authenticate through one of the available methods: [API-keys]"}""";
    private const string WrongKey = """{"code":401,"message":"invalid api key, please provide a valid api key"}""";

    private static Func<BargeOptions, BargeOptions> Keys(AuthOptions auth) => o => o with { Auth = auth };

    private static readonly AuthOptions TwoKeys = new() { ApiKeyEnabled = true, ApiKeys = ["key-a", "key-b"], ApiKeyUsers = ["alice", "bob"] };

    [Fact]
    public async Task Anonymous_access_is_on_by_default_on_loopback_without_keys()
    {
        await using var server = await TestServer.StartAsync();
        Status(await server.GetAsync("/v1/objects"), 200);
        Status(await server.GetAsync("/v1/meta"), 200);
    }

    [Fact]
    public async Task Anonymous_access_is_off_by_default_when_bound_to_every_interface()
    {
        await using var server = await TestServer.StartAsync(o => o with { Listen = "0.0.0.0:0" });
        // The unspecified address cannot be dialled; the server is reached through loopback on its port.
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.Server.Address.Port}") };
        using var response = await client.GetAsync("/v1/objects");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(AnonymousRefused, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_token_api_keys_turn_anonymous_access_off_with_the_exact_401_body()
    {
        await using var server = await TestServer.StartAsync(Keys(TwoKeys));
        foreach (var reply in new[]
                 {
                     await server.GetAsync("/v1/objects"), await server.GetAsync("/v1/meta"),
                     await server.PostAsync("/v1/objects", """{"class":"A"}"""), await server.GetAsync("/v1/schema"),
                 })
        {
            Assert.Equal(401, reply.Status);
            Assert.Equal(AnonymousRefused, reply.Body);
            Assert.StartsWith("application/json", reply.Headers["Content-Type"]);
        }
    }

    [Fact]
    public async Task A_wrong_key_is_401_with_the_exact_body()
    {
        await using var server = await TestServer.StartAsync(Keys(TwoKeys));
        var reply = await server.GetAsync("/v1/objects", token: "key-c");
        Assert.Equal(401, reply.Status);
        Assert.Equal(WrongKey, reply.Body);
    }

    [Fact]
    public async Task Each_allowed_key_is_accepted()
    {
        await using var server = await TestServer.StartAsync(Keys(TwoKeys));
        Status(await server.PostAsync("/v1/objects", """{"class":"A"}""", token: "key-a"), 200);
        Status(await server.GetAsync("/v1/objects", token: "key-b"), 200);
    }

    [Fact]
    public async Task The_access_token_query_parameter_is_honoured()
    {
        await using var server = await TestServer.StartAsync(Keys(TwoKeys));
        Status(await server.GetAsync("/v1/objects?access_token=key-a"), 200);
    }

    [Fact]
    public async Task Health_probes_are_answered_before_authentication()
    {
        await using var server = await TestServer.StartAsync(Keys(TwoKeys with { AnonymousAccessEnabled = false }));
        Status(await server.GetAsync("/v1/.well-known/live"), 200);
        Status(await server.GetAsync("/v1/.well-known/ready"), 200);
        Status(await server.GetAsync("/v1/.well-known/live", token: "wrong"), 200);
    }

    [Fact]
    public async Task Explicit_anonymous_access_lets_requests_without_a_token_pass_next_to_keys()
    {
        await using var server = await TestServer.StartAsync(Keys(TwoKeys with { AnonymousAccessEnabled = true }));
        Status(await server.GetAsync("/v1/objects"), 200);
        Assert.Equal(WrongKey, (await server.GetAsync("/v1/objects", token: "nope")).Body);
    }

    [Fact]
    public async Task Explicitly_disabled_anonymous_access_is_refused_even_on_loopback()
    {
        await using var server = await TestServer.StartAsync(Keys(new AuthOptions { AnonymousAccessEnabled = false, ApiKeyEnabled = true, ApiKeys = ["k"] }));
        Assert.Equal(AnonymousRefused, (await server.GetAsync("/v1/objects")).Body);
    }

    [Fact]
    public async Task Api_keys_enabled_without_keys_refuse_to_start()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => TestServer.StartAsync(Keys(new AuthOptions { ApiKeyEnabled = true })));
    }

    private static readonly AuthOptions AdminList = new()
    {
        ApiKeyEnabled = true,
        ApiKeys = ["key-admin", "key-reader", "key-other"],
        ApiKeyUsers = ["alice", "bob", "carol"],
        AdminListEnabled = true,
        AdminUsers = ["alice"],
        ReadOnlyUsers = ["bob"],
    };

    [Fact]
    public async Task Admin_users_may_do_everything()
    {
        await using var server = await TestServer.StartAsync(Keys(AdminList));
        var created = await server.PostAsync("/v1/objects", """{"class":"A","properties":{"x":"y"}}""", token: "key-admin");
        Status(created, 200);
        var id = (string)created.Json["id"]!;
        Status(await server.PatchAsync($"/v1/objects/A/{id}", """{"properties":{"x":"z"}}""", token: "key-admin"), 204);
        Status(await server.DeleteAsync($"/v1/objects/A/{id}", token: "key-admin"), 204);
    }

    [Fact]
    public async Task Read_only_users_may_read_and_list_but_every_write_is_403_with_weaviates_message()
    {
        await using var server = await TestServer.StartAsync(Keys(AdminList));
        var id = (string)(await server.PostAsync("/v1/objects", """{"class":"A"}""", token: "key-admin")).Json["id"]!;
        Status(await server.GetAsync("/v1/objects", token: "key-reader"), 200);
        Status(await server.GetAsync($"/v1/objects/A/{id}", token: "key-reader"), 200);
        Status(await server.GetAsync("/v1/schema", token: "key-reader"), 200);

        Error(await server.PostAsync("/v1/objects", """{"class":"A"}""", token: "key-reader"), 403,
            "forbidden: user 'bob' has insufficient permissions to create objects");
        Error(await server.PutAsync($"/v1/objects/A/{id}", """{"class":"A"}""", token: "key-reader"), 403,
            $"forbidden: user 'bob' has insufficient permissions to update objects/A/{id}");
        Error(await server.DeleteAsync($"/v1/objects/A/{id}", token: "key-reader"), 403,
            $"forbidden: user 'bob' has insufficient permissions to delete objects/A/{id}");
        Error(await server.PostAsync($"/v1/objects/A/{id}/references/r", """{"beacon":"x"}""", token: "key-reader"), 403,
            $"forbidden: user 'bob' has insufficient permissions to update objects/A/{id}");
        Error(await server.PostAsync("/v1/objects/validate", """{"class":"A"}""", token: "key-reader"), 403,
            "forbidden: user 'bob' has insufficient permissions to validate objects");
        Error(await server.PostAsync("/v1/batch/objects", """{"objects":[]}""", token: "key-reader"), 403,
            "forbidden: user 'bob' has insufficient permissions to create batch/objects");
        Error(await server.DeleteAsync("/v1/batch/objects", """{}""", token: "key-reader"), 403,
            "forbidden: user 'bob' has insufficient permissions to delete batch/objects");
        Error(await server.PostAsync("/v1/batch/references", "[]", token: "key-reader"), 403,
            "forbidden: user 'bob' has insufficient permissions to update batch/*");
        Error(await server.PostAsync("/v1/schema", """{"class":"B"}""", token: "key-reader"), 403,
            "forbidden: user 'bob' has insufficient permissions to create schema/objects");
        Status(await server.GetAsync($"/v1/objects/A/{id}", token: "key-admin"), 200);
    }

    [Fact]
    public async Task Users_on_neither_list_are_refused_even_reads()
    {
        await using var server = await TestServer.StartAsync(Keys(AdminList));
        Error(await server.GetAsync("/v1/objects", token: "key-other"), 403, "forbidden: user 'carol' has insufficient permissions to list objects");
        Error(await server.GetAsync("/v1/schema", token: "key-other"), 403, "forbidden: user 'carol' has insufficient permissions to list schema/*");
        var id = "6f1c0d2e-3a4b-4c5d-8e6f-708192a3b4c5";
        Error(await server.GetAsync($"/v1/objects/A/{id}", token: "key-other"), 403, $"forbidden: user 'carol' has insufficient permissions to get objects/A/{id}");
    }

    [Fact]
    public async Task One_user_name_for_all_keys_applies_to_every_key()
    {
        var auth = new AuthOptions
        {
            ApiKeyEnabled = true, ApiKeys = ["k1", "k2"], ApiKeyUsers = ["dave"], AdminListEnabled = true, ReadOnlyUsers = ["dave"],
        };
        await using var server = await TestServer.StartAsync(Keys(auth));
        Status(await server.GetAsync("/v1/objects", token: "k2"), 200);
        Error(await server.PostAsync("/v1/objects", """{"class":"A"}""", token: "k1"), 403, "forbidden: user 'dave' has insufficient permissions to create objects");
    }

    [Fact]
    public async Task Anonymous_users_are_named_anonymous_in_403s()
    {
        await using var server = await TestServer.StartAsync(Keys(AdminList with { AnonymousAccessEnabled = true }));
        Error(await server.PostAsync("/v1/objects", """{"class":"A"}"""), 403, "forbidden: user 'anonymous' has insufficient permissions to create objects");
    }
}
