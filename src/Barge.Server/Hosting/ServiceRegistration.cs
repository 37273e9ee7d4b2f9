using Barge.Core.Backup;
using Barge.Core.Access;
using Barge.Core.Batching;
using Barge.Core.Hat;
using Barge.Core.Journal;
using Barge.Core.Objects;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Core.Schema.AutoSchema;
using Barge.Core.Storage;
using Barge.Server.BatchService;
using Barge.Server.GraphQL;
using Barge.Server.Ui;
using Barge.Server.Hat;
using Barge.Server.Http;
using Barge.Server.Weaviate;
using Barge.Server.WeaviateLegacy;
using Barge.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Barge.Server.Hosting;

/// <summary>The one place that wires Core services and maps every dialect's routes.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddBargeServices(this IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<BargeOptions>().Clock);
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<BargeOptions>();
            return new ObjectOptions
            {
                AutoSchemaEnabled = o.AutoSchemaEnabled,
                AutoSchema = new AutoSchemaOptions(o.AutoSchemaDefaultString, o.AutoSchemaDefaultNumber, o.AutoSchemaDefaultDate),
                QueryMaximumResults = o.QueryMaximumResults,
                QueryDefaultsLimit = o.QueryDefaultsLimit,
                FilterLimits = o.FilterLimits,
                MaxIndexedWordBytes = o.MaxIndexedWordBytes,
            };
        });
        services.AddSingleton(sp => new WriteRights(sp.GetRequiredService<BargeOptions>().HatNamespaces));
        // Every dialect answers validation failures with Weaviate's texts, values printed as its Go code prints them.
        services.AddSingleton<Core.Objects.Validation.IValueWording>(Weaviate.GoValueWording.Instance);
        services.AddSingleton<ObjectPreparer>();
        services.AddSingleton<ObjectService>();
        services.AddSingleton<TenantService>();
        services.AddSingleton<ObjectsContext>();
        services.AddSingleton<ObjectBatchService>();
        services.AddSingleton<ReferenceBatchService>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<DeleteByQueryService>(sp, sp.GetRequiredService<BargeOptions>().QueryMaximumResults));
        services.AddSingleton<QueryService>();
        services.AddSingleton<GraphQLSchemas>();
        services.AddSingleton<ElementBatchService>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<HatRecordService>(sp, sp.GetRequiredService<BargeOptions>().HatRejectDuplicates));
        services.AddSingleton<IngestMeter>();
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<BargeOptions>();
            return new WriteAdmission(new WriteQueueLimits(o.MaxQueuedObjects, o.MaxQueuedBytes, "BARGE_MAX_QUEUED_OBJECTS", "BARGE_MAX_QUEUED_BYTES"),
                sp.GetRequiredService<IngestMeter>());
        });
        services.AddSingleton<BatchJournal>();
        services.AddSingleton<IStoreSnapshotReader, SqliteSnapshotReader>();
        services.AddSingleton<BackupRestorer>();
        // The snapshot writer is there only on a store that can copy itself (SQLite).
        services.AddSingleton(sp => new BackupService(sp.GetRequiredService<SchemaService>(), sp.GetRequiredService<BackupRestorer>(),
            sp.GetRequiredService<IStoreSnapshotReader>(), sp.GetService<IStoreSnapshotWriter>(), sp.GetRequiredService<BackupSettings>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<BackupService>>()));
        services.AddSingleton<JournalService>();
        services.AddSingleton<JournalRetention>();
        services.AddHostedService<JournalRetentionService>();
        // Readiness (REST's /v1/.well-known/ready and the gRPC health service) is the store's.
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store", timeout: StoreHealthCheck.Timeout);
        return services;
    }

    public static IEndpointRouteBuilder MapBargeRoutes(this IEndpointRouteBuilder routes)
    {
        // Each dialect's routes carry it (Http.Dialects), so an error anywhere on them is answered in its shape.
        var weaviate = routes.MapDialect(WeaviateBatchRoutes.Dialect);
        weaviate.MapWeaviateMeta();
        weaviate.MapWeaviateSchema();
        weaviate.MapWeaviateTenants();
        weaviate.MapWeaviateBackups();
        weaviate.MapWeaviateObjects();
        weaviate.MapWeaviateBatch();
        weaviate.MapWeaviateGraphQL();
        weaviate.MapWeaviateLegacy();
        var batchService = routes.MapDialect(BatchService.ProblemResults.Dialect);
        batchService.MapBatchInfo();
        batchService.MapBatchSummaries();
        batchService.MapBatchServiceWrites();
        routes.MapDialect(Hat.HatResults.Dialect).MapHat();
        routes.MapUi();
        return routes;
    }
}
