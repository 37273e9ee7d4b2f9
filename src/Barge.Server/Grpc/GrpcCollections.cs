using Barge.Core.Filters;
using Barge.Core.Query;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;

namespace Barge.Server.Grpc;

/// <summary>What Search and Aggregate check alike: the collection exists, the tenant fits it, the filter fits it.</summary>
internal static class GrpcCollections
{
    public static async Task<ClassDefinition> FindAsync(string collection, SchemaService schema, CancellationToken ct)
    {
        if (collection.Length == 0) throw GrpcErrors.Invalid("collection must be set");
        var name = SchemaNames.ClassNameFor(collection);
        return await schema.FindAsync(name, ct) ?? throw GrpcErrors.NotFound(QueryMessages.NoSuchClass(name));
    }

    public static string? Tenant(ClassDefinition cls, string tenant)
    {
        var t = tenant.Length > 0 ? tenant : null;
        if (cls.MultiTenancyEnabled && t is null)
            throw GrpcErrors.Invalid($"class {cls.Name} has multi-tenancy enabled, but request was without tenant");
        if (!cls.MultiTenancyEnabled && t is not null)
            throw GrpcErrors.Invalid($"class {cls.Name} has multi-tenancy disabled, but request was with tenant");
        return t;
    }

    public static FilterNode Filter(Filters filters, ClassDefinition cls, SchemaService schema, FilterLimits limits)
    {
        var (filter, error) = FilterMapping.Map(filters, cls, schema.Find, limits);
        if (filter is null) throw GrpcErrors.Invalid($"invalid filter: {error}");
        if (FilterValidator.FindSearchError(filter) is { } searchError) throw GrpcErrors.Invalid($"invalid filter: {searchError}");
        return filter;
    }
}
