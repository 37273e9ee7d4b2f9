using Barge.Server.Grpc.Protocol;
using Barge.Server.Hosting;
using Barge.Server.Tests.Support;
using Grpc.Core;
using WeaviateClient = Barge.Server.Grpc.Protocol.Weaviate.WeaviateClient;

namespace Barge.Server.Tests.Access;

/// <summary>
/// Wrong API keys are limited per client address, over REST and gRPC alike: once the limit is spent, keyed requests
/// from that address are refused (429 with Retry-After; RESOURCE_EXHAUSTED) without the key being checked — the right
/// key too, so that a guess cannot be confirmed — until the window ends. Requests without a key are answered as before.
/// </summary>
public sealed class FailedAuthThrottleTests
{
    private const string TooMany = """{"code":429,"message":"too many failed authentications from this address, try again later"}""";

    private static Func<BargeOptions, BargeOptions> Keys(int limit, TimeSpan window) => o => o with
    {
        Auth = new AuthOptions
        {
            AnonymousAccessEnabled = false, ApiKeyEnabled = true, ApiKeys = ["right-key"], ApiKeyUsers = ["alice"],
            FailedAuthLimit = limit, FailedAuthWindow = window,
        },
    };

    [Fact]
    public async Task After_the_limit_every_keyed_request_is_429_with_Retry_After_until_the_window_ends()
    {
        await using var server = await TestServer.StartAsync(Keys(3, TimeSpan.FromSeconds(3)));
        for (var i = 0; i < 3; i++) Assert.Equal(401, (await server.GetAsync("/v1/schema", token: $"guess-{i}")).Status);

        var guess = await server.GetAsync("/v1/schema", token: "guess-4");
        Assert.Equal(429, guess.Status);
        Assert.Equal(TooMany, guess.Body);
        Assert.InRange(int.Parse(guess.Headers["Retry-After"]), 1, 3);
        var right = await server.GetAsync("/v1/schema", token: "right-key");
        Assert.Equal(429, right.Status); // the right key is not confirmed to a guesser
        Assert.Equal(401, (await server.GetAsync("/v1/schema")).Status); // no key: anonymous access is still just off

        using var grpc = server.GrpcChannel("right-key");
        var refused = await Assert.ThrowsAsync<RpcException>(() => new WeaviateClient(grpc).TenantsGetAsync(new TenantsGetRequest { Collection = "A" }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(200, (await server.GetAsync("/v1/schema", token: "right-key")).Status);
    }

    [Fact]
    public async Task Wrong_keys_over_grpc_count_against_the_same_address()
    {
        await using var server = await TestServer.StartAsync(Keys(2, TimeSpan.FromMinutes(1)));
        for (var i = 0; i < 2; i++)
        {
            using var wrong = server.GrpcChannel($"guess-{i}");
            var ex = await Assert.ThrowsAsync<RpcException>(() => new WeaviateClient(wrong).TenantsGetAsync(new TenantsGetRequest { Collection = "A" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }
        Assert.Equal(429, (await server.GetAsync("/v1/schema", token: "right-key")).Status);
    }

    [Fact]
    public async Task A_limit_of_zero_turns_the_throttle_off()
    {
        await using var server = await TestServer.StartAsync(Keys(0, TimeSpan.FromMinutes(1)));
        for (var i = 0; i < 50; i++) Assert.Equal(401, (await server.GetAsync("/v1/schema", token: $"guess-{i}")).Status);
        Assert.Equal(200, (await server.GetAsync("/v1/schema", token: "right-key")).Status);
    }
}
