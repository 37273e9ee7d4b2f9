using System.Net;
using Barge.Core.Journal;
using Barge.Core.Schema;
using Barge.Core.Storage;
using Barge.Server.Auth;
using Barge.Server.Http;
using Barge.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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
    private readonly WebApplication _app;

    private BargeServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base URL the server answers on (with the real port when 0 was asked for).</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<BargeServer> StartAsync(BargeOptions options, CancellationToken ct = default)
    {
        var endpoint = ListenAddress.Parse(options.Listen);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.Limits.MaxRequestBodySize = options.MaxRequestBytes;
            k.AddServerHeader = false;
        });

        SchemaService? schema = null; // the store needs the live schema, which needs the store: bound below
        var store = SqliteStore.Open(new SqliteStoreOptions { DataFolder = options.DataPath, ClassLookup = name => schema?.Find(name) });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<IObjectStore>(store);
        builder.Services.AddSingleton<IBatchJournalStore>(store);
        builder.Services.AddSingleton<Barge.Core.Hat.IRecordLinkStore>(store);
        builder.Services.AddSingleton<SchemaService>();
        builder.Services.AddBargeServices();

        var app = builder.Build();
        schema = app.Services.GetRequiredService<SchemaService>();
        await schema.InitializeAsync(ct);
        // Batches a crash interrupted never committed their data: say so in their summaries before serving.
        await app.Services.GetRequiredService<JournalService>().FailRunningAsync(ct);

        var anonymous = options.Auth.AnonymousAccessEnabled ?? (!options.Auth.ApiKeyEnabled && IPAddress.IsLoopback(endpoint.Address));
        app.UseMiddleware<RequestLimitsMiddleware>();
        app.UseRouting();
        app.UseMiddleware<WeaviateFallbackMiddleware>();
        app.UseMiddleware<AuthMiddleware>(options.Auth, anonymous);
        app.MapBargeRoutes();

        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BargeServer(app, new Uri(bound.Replace("[::]", "localhost", StringComparison.Ordinal)));
    }

    /// <summary>Completes when the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        // Disposing the app disposes the store, which drains the writer: queued writes finish before exit.
        await _app.DisposeAsync();
    }
}
