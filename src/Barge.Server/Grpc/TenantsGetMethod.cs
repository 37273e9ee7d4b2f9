using System.Diagnostics;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Grpc.Core;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>TenantsGet</c>: the tenants <see cref="TenantService"/> knows (created through the tenants API, or holding
/// objects), all of them or those asked for by name (names that are no tenant are left out, as in Weaviate). Every
/// tenant Barge has is active (HOT).
/// </summary>
internal static class TenantsGetMethod
{
    public static async Task<TenantsGetReply> RunAsync(TenantsGetRequest request, ServerCallContext context, SchemaService schema, TenantService tenants)
    {
        var started = Stopwatch.GetTimestamp();
        if (request.Collection.Length == 0) throw GrpcErrors.Invalid("collection must be set");
        if (await schema.FindAsync(request.Collection, context.CancellationToken) is not { } cls)
            throw GrpcErrors.NotFound($"class {request.Collection} not found");
        if (!cls.MultiTenancyEnabled)
            throw GrpcErrors.Invalid($"multi-tenancy is not enabled for class \"{cls.Name}\"");
        var known = await tenants.ListAsync(cls.Name, context.CancellationToken);
        var reply = new TenantsGetReply();
        var wanted = request.ParamsCase == TenantsGetRequest.ParamsOneofCase.Names
            ? request.Names.Values.ToHashSet(StringComparer.Ordinal) : null;
        foreach (var t in known.Where(t => wanted is null || wanted.Contains(t.Name)))
            reply.Tenants.Add(new Tenant { Name = t.Name, ActivityStatus = TenantActivityStatus.Hot });
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }
}
