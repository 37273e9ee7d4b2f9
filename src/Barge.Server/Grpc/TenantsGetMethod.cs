using System.Diagnostics;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>TenantsGet</c>. Barge's tenants are implicit: a multi-tenant collection takes objects for any tenant name and
/// every tenant is active (HOT); there is no tenant registry. Asked for names, each is answered HOT; asked for every
/// tenant, Barge has no list to give and says so (UNIMPLEMENTED) rather than answer an empty list.
/// </summary>
internal static class TenantsGetMethod
{
    public static async Task<TenantsGetReply> RunAsync(TenantsGetRequest request, ServerCallContext context, SchemaService schema)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.Collection.Length == 0) throw GrpcErrors.Invalid("collection must be set");
        if (await schema.FindAsync(request.Collection, context.CancellationToken) is not { } cls)
            throw GrpcErrors.NotFound($"class {request.Collection} not found");
        if (!cls.MultiTenancyEnabled)
            throw GrpcErrors.Invalid($"multi-tenancy is not enabled for class \"{cls.Name}\"");
        if (request.ParamsCase != TenantsGetRequest.ParamsOneofCase.Names)
            throw GrpcErrors.Unimplemented("listing every tenant is not supported: Barge keeps no tenant registry (any tenant name is active); ask for tenants by name");
        var reply = new TenantsGetReply();
        foreach (var name in request.Names.Values.Distinct(StringComparer.Ordinal))
            reply.Tenants.Add(new Tenant { Name = name, ActivityStatus = TenantActivityStatus.Hot });
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }
}
