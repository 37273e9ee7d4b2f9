using Barge.Core.Backup;
using System.Net;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Auth;
using Barge.Server.Grpc;
using Barge.Server.Http;
using Barge.Server.Observability;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Hosting;

/// <summary>
/// The embeddable Barge server: storage, Core services and every dialect's routes on Kestrel.
/// The <c>barge</c> executable and the tests start the very same host.
/// </summary>
public sealed class BargeServer : IAsyncDisposable
{
    private const int Http2WindowBytes = 16 * 1024 * 1024;
    private readonly WebApplication _app;
    private readonly IObjectStore _store;
    private readonly ILoggerFactory _loggers;

    private BargeServer(WebApplication app, IObjectStore store, ILoggerFactory loggers, Uri address, IPEndPoint grpcAddress, Uri? metricsAddress)
    {
        _app = app;
        _store = store;
        _loggers = loggers;
        Address = address;
        GrpcAddress = grpcAddress;
        MetricsAddress = metricsAddress;
    }

    /// <summary>The base URL the server answers on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>Where the Weaviate gRPC dialect answers (HTTP/2 cleartext), with the real port when 0 was asked for.</summary>
    public IPEndPoint GrpcAddress { get; }

    /// <summary>Where Prometheus scrapes (<c>http://host:port/metrics</c>), or null when metrics are off.</summary>
    public Uri? MetricsAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="logging">Adds to the server's logging after its defaults and configuration (tests capture logs with it).</param>
    public static async Task<BargeServer> StartAsync(BargeOptions options, CancellationToken ct = default, Action<ILoggingBuilder>? logging = null)
    {
        // The rules that span settings hold however the options were made (environment, flags or code), before anything opens.
        BargeOptionsFromEnvironment.Check(options);
        var endpoint = ListenAddress.Parse(options.Listen);
        var grpcEndpoint = ListenAddress.Parse(options.EffectiveGrpcListen);
        var metricsEndpoint = options.MetricsEnabled ? ListenAddress.Parse(options.EffectiveMetricsListen) : null;
        SchemaService? schema = null; // the store needs the live schema, which needs the store: bound below
        var loggers = ServerLogging.Create(logging);
        StoreBackends.OpenedStore store;
        try
        {
            // Opened before the web host builder exists: a store that cannot open (an unreachable database) must not leave
            // the builder's configuration file watchers behind (each holds an inotify instance until the process exits).
            store = await StoreBackends.OpenAsync(options, name => schema?.Find(name), loggers, ct);
        }
        catch
        {
            loggers.Dispose();
            throw;
        }
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        // The host logs through the factory the store already uses: one configuration, one console.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            // gRPC clients speak HTTP/2 without TLS (prior knowledge), which needs an HTTP/2-only endpoint.
            k.Listen(grpcEndpoint, l =>
            {
                l.Protocols = HttpProtocols.Http2;
                l.Use(ListenerMark.Grpc.Mark);
            });
            if (metricsEndpoint is not null) k.Listen(metricsEndpoint, l => l.Use(ListenerMark.Metrics.Mark));
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            // A gRPC client sends its concurrent batches over one HTTP/2 connection, and a call is handled only once its
            // whole message has arrived, so the flow-control windows bound how much of a client's batches can be on the
            // way at once. Kestrel's defaults (1 MiB per connection, 768 KiB per stream) are smaller than one batch of a
            // thousand objects with vectors; Weaviate's gRPC server (grpc-go) grows its windows to 16 MiB by its
            // bandwidth estimate, so Barge offers that much from the start.
            k.Limits.Http2.InitialConnectionWindowSize = Http2WindowBytes;
            k.Limits.Http2.InitialStreamWindowSize = Http2WindowBytes;
            k.AddServerHeader = false;
        });

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store.Objects);
        builder.Services.AddSingleton(store.Journal);
        builder.Services.AddSingleton(store.Links);
        builder.Services.AddSingleton(new BackupSettings(options.BackupFilesystemPath,
            "this server keeps its data in PostgreSQL: back it up with PostgreSQL's own tools (pg_dump, pg_basebackup); Barge restores backups made by a server on SQLite"));
        if (store.Snapshots is not null) builder.Services.AddSingleton(store.Snapshots);
        builder.Services.AddSingleton<SchemaService>();
        builder.Services.AddBargeServices();
        var anonymous = options.Auth.AnonymousAccessEnabled
            ?? (!options.Auth.ApiKeyEnabled && IPAddress.IsLoopback(endpoint.Address) && IPAddress.IsLoopback(grpcEndpoint.Address));
        builder.Services.AddSingleton(_ => new AccessRules(options.Auth, anonymous)); // built by the container so that it is disposed with it
        builder.Services.AddBargeGrpc(options);
        builder.Services.AddBargeMetrics(options);

        var app = builder.Build();
        try
        {
            return await StartAsync(app, store, loggers, s => schema = s, ct);
        }
        catch
        {
            await app.DisposeAsync();
            await store.Objects.DisposeAsync();
            loggers.Dispose();
            throw;
        }
    }

    private static async Task<BargeServer> StartAsync(WebApplication app, StoreBackends.OpenedStore store, ILoggerFactory loggers,
        Action<SchemaService> bindSchema, CancellationToken ct)
    {
        var schema = app.Services.GetRequiredService<SchemaService>();
        bindSchema(schema);
        await schema.InitializeAsync(ct);
        // Batches a crash interrupted never committed their data: say so in their summaries before serving. A store
        // that serves reads only cannot: their summaries say "running" until a start that can write.
        if (store.Objects.ReadOnlyReason is null) await app.Services.GetRequiredService<JournalService>().FailRunningAsync(ct);

        // REST's middlewares answer in REST's shapes; requests on the gRPC listener skip them (gRPC has its own
        // message limit, error codes and auth interceptor), and each port serves only its own routes.
        var options = app.Services.GetRequiredService<BargeOptions>();
        app.UseBargeMetrics(options);
        app.UseWhen(http => !ListenerMark.Grpc.Arrived(http), rest => rest.UseMiddleware<RequestLimitsMiddleware>());
        app.UseRouting();
        app.UseMiddleware<GrpcRoutingMiddleware>();
        app.UseWhen(http => !ListenerMark.Grpc.Arrived(http), rest =>
        {
            rest.UseMiddleware<Ui.BrowserRedirect>();
            rest.UseMiddleware<WeaviateFallbackMiddleware>();
            rest.UseMiddleware<AuthMiddleware>(options.Auth);
        });
        app.MapBargeRoutes();
        app.MapBargeGrpc();

        await app.StartAsync(ct);
        // Kestrel lists the endpoints in the order they were configured: REST first, then gRPC, then metrics.
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        var grpc = new Uri(bound[1]);
        var metrics = options.MetricsEnabled ? new Uri(new Uri(Readable(bound[2])), "/metrics") : null;
        return new BargeServer(app, store.Objects, loggers, new Uri(Readable(bound[0])),
            new IPEndPoint(IPAddress.Parse(grpc.Host.Trim('[', ']')), grpc.Port), metrics);
    }

    private static string Readable(string address) => address.Replace("[::]", "localhost", StringComparison.Ordinal);

    /// <summary>Completes when the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        // The container does not dispose instances it was given: the store is ours. Disposing it drains the
        // writer, so queued writes finish before exit.
        await _store.DisposeAsync();
        // Last: the lines logged while stopping are flushed.
        _loggers.Dispose();
    }
}
