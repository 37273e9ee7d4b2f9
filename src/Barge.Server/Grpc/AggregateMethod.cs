using Barge.Core.Filters;
using System.Diagnostics;
using Barge.Core.Query;
using Barge.Core.Query.Aggregation;
using Barge.Core.Schema;
using Barge.Server.Grpc.Protocol;
using Grpc.Core;
using Agg = Barge.Server.Grpc.Protocol.AggregateReply.Types.Aggregations.Types.Aggregation;
using Req = Barge.Server.Grpc.Protocol.AggregateRequest.Types.Aggregation;

namespace Barge.Server.Grpc;

/// <summary>
/// <c>Aggregate</c> mapped onto Core's <see cref="QueryService.AggregateAsync"/>: collection, tenant, filters,
/// objects_count, per-property aggregations (only the fields asked for are set, as Weaviate), group_by with limit,
/// object_limit and near_vector / near_object / hybrid (the best object_limit objects of the search, as Weaviate). The
/// answer is <c>single_result</c>, or <c>grouped_results</c> with each group's value. The module near_* searches are
/// refused (UNIMPLEMENTED).
/// </summary>
internal static class AggregateMethod
{
    public static async Task<AggregateReply> RunAsync(AggregateRequest request, ServerCallContext context, QueryService queries, SchemaService schema,
        FilterLimits limits)
    {
        var started = Stopwatch.GetTimestamp();
        var cls = await GrpcCollections.FindAsync(request.Collection, schema, context.CancellationToken);
        var tenant = GrpcCollections.Tenant(cls, request.Tenant);
        var near = request.SearchCase switch
        {
            AggregateRequest.SearchOneofCase.None or AggregateRequest.SearchOneofCase.Hybrid => null,
            AggregateRequest.SearchOneofCase.NearVector => NearMapping.Vector(request.NearVector),
            AggregateRequest.SearchOneofCase.NearObject => NearMapping.Object(request.NearObject),
            _ => throw GrpcErrors.Unimplemented($"aggregate with {request.SearchCase} is not supported by Barge; use nearVector, nearObject or hybrid"),
        };
        var query = new AggregateQuery(cls.Name, tenant)
        {
            Filter = request.Filters is null ? null : GrpcCollections.Filter(request.Filters, cls, schema, limits),
            Near = near,
            Hybrid = request.SearchCase == AggregateRequest.SearchOneofCase.Hybrid ? KeywordMapping.Hybrid(request.Hybrid) : null,
            ObjectLimit = request.HasObjectLimit ? (int)Math.Min(request.ObjectLimit, int.MaxValue) : null,
            GroupBy = request.GroupBy is { } g ? SchemaNames.PropertyNameFor(g.Property) : null,
            GroupLimit = request.HasLimit ? (int)Math.Min(request.Limit, int.MaxValue) : null,
            Properties = request.Aggregations
                .Select(a => new AggregateProperty(a.Property, a.Text is { HasTopOccurencesLimit: true } t ? (int)t.TopOccurencesLimit : 5))
                .ToList(),
        };
        var result = await queries.AggregateAsync(query, context.CancellationToken);
        var reply = new AggregateReply();
        if (result.Groups is null)
        {
            var single = new AggregateReply.Types.Single { Aggregations = Aggregations(request, result.Properties) };
            if (request.ObjectsCount) single.ObjectsCount = result.Count;
            reply.SingleResult = single;
        }
        else
        {
            var grouped = new AggregateReply.Types.Grouped();
            foreach (var group in result.Groups)
            {
                var groupReply = new AggregateReply.Types.Group { Aggregations = Aggregations(request, group.Properties), GroupedBy = GroupedBy(group) };
                if (request.ObjectsCount) groupReply.ObjectsCount = group.Count;
                grouped.Groups.Add(groupReply);
            }
            reply.GroupedResults = grouped;
        }
        reply.Took = (float)Stopwatch.GetElapsedTime(started).TotalSeconds;
        return reply;
    }

    private static AggregateReply.Types.Group.Types.GroupedBy GroupedBy(AggregateGroup group)
    {
        var by = new AggregateReply.Types.Group.Types.GroupedBy { Path = { group.Property } };
        switch (group.Value)
        {
            case long l: by.Int = l; break;
            case double d: by.Number = d; break;
            case bool b: by.Boolean = b; break;
            default: by.Text = Convert.ToString(group.Value, System.Globalization.CultureInfo.InvariantCulture) ?? ""; break;
        }
        return by;
    }

    private static AggregateReply.Types.Aggregations Aggregations(AggregateRequest request, IReadOnlyList<PropertyAggregation> computed)
    {
        var result = new AggregateReply.Types.Aggregations();
        foreach (var asked in request.Aggregations)
        {
            var found = computed.FirstOrDefault(p => p.Property == asked.Property)
                ?? computed.FirstOrDefault(p => p.Property == SchemaNames.PropertyNameFor(asked.Property));
            if (found is null) continue;
            result.Aggregations_.Add(Aggregation(asked, found));
        }
        return result;
    }

    private static Agg Aggregation(Req asked, PropertyAggregation found)
    {
        var a = new Agg { Property = asked.Property };
        switch (found)
        {
            case NumericAggregation n when n.IsInteger:
            {
                var ask = asked.Int ?? Ints(asked.Number);
                var r = new Agg.Types.Integer();
                if (ask is null || ask.Type) r.Type = n.Type;
                if (ask is null || ask.Count) r.Count = n.Count;
                if ((ask is null || ask.Mean) && n.Mean is { } mean) r.Mean = mean;
                if ((ask is null || ask.Median) && n.Median is { } median) r.Median = median;
                if ((ask is null || ask.Mode) && n.Mode is { } mode) r.Mode = (long)mode;
                if ((ask is null || ask.Maximum) && n.Maximum is { } max) r.Maximum = (long)max;
                if ((ask is null || ask.Minimum) && n.Minimum is { } min) r.Minimum = (long)min;
                if ((ask is null || ask.Sum) && n.Sum is { } sum) r.Sum = (long)sum;
                a.Int = r;
                break;
            }
            case NumericAggregation n:
            {
                var ask = asked.Number ?? Numbers(asked.Int);
                var r = new Agg.Types.Number();
                if (ask is null || ask.Type) r.Type = n.Type;
                if (ask is null || ask.Count) r.Count = n.Count;
                if ((ask is null || ask.Mean) && n.Mean is { } mean) r.Mean = mean;
                if ((ask is null || ask.Median) && n.Median is { } median) r.Median = median;
                if ((ask is null || ask.Mode) && n.Mode is { } mode) r.Mode = mode;
                if ((ask is null || ask.Maximum) && n.Maximum is { } max) r.Maximum = max;
                if ((ask is null || ask.Minimum) && n.Minimum is { } min) r.Minimum = min;
                if ((ask is null || ask.Sum) && n.Sum is { } sum) r.Sum = sum;
                a.Number = r;
                break;
            }
            case TextAggregation t:
            {
                var ask = asked.Text;
                var r = new Agg.Types.Text();
                if (ask is null || ask.Type) r.Type = t.Type;
                if (ask is null || ask.Count) r.Count = t.Count;
                if (ask is null || ask.TopOccurences)
                {
                    var top = new Agg.Types.Text.Types.TopOccurrences();
                    foreach (var o in t.TopOccurrences)
                        top.Items.Add(new Agg.Types.Text.Types.TopOccurrences.Types.TopOccurrence { Value = o.Value, Occurs = o.Occurs });
                    r.TopOccurences = top;
                }
                a.Text = r;
                break;
            }
            case BooleanAggregation b:
            {
                var ask = asked.Boolean;
                var r = new Agg.Types.Boolean();
                if (ask is null || ask.Type) r.Type = b.Type;
                if (ask is null || ask.Count) r.Count = b.Count;
                if (ask is null || ask.TotalTrue) r.TotalTrue = b.TotalTrue;
                if (ask is null || ask.TotalFalse) r.TotalFalse = b.TotalFalse;
                if (ask is null || ask.PercentageTrue) r.PercentageTrue = b.PercentageTrue;
                if (ask is null || ask.PercentageFalse) r.PercentageFalse = b.PercentageFalse;
                a.Boolean = r;
                break;
            }
            case DateAggregation d:
            {
                var ask = asked.Date;
                var r = new Agg.Types.Date();
                if (ask is null || ask.Type) r.Type = d.Type;
                if (ask is null || ask.Count) r.Count = d.Count;
                if ((ask is null || ask.Median) && d.Median is { } median) r.Median = median;
                if ((ask is null || ask.Mode) && d.Mode is { } mode) r.Mode = mode;
                if ((ask is null || ask.Maximum) && d.Maximum is { } max) r.Maximum = max;
                if ((ask is null || ask.Minimum) && d.Minimum is { } min) r.Minimum = min;
                a.Date = r;
                break;
            }
            case ReferenceAggregation r:
            {
                var ask = asked.Reference;
                var reference = new Agg.Types.Reference();
                if (ask is null || ask.Type) reference.Type = r.Type;
                if (ask is null || ask.PointingTo) reference.PointingTo.AddRange(r.PointingTo);
                a.Reference = reference;
                break;
            }
        }
        return a;
    }

    private static Req.Types.Integer? Ints(Req.Types.Number? n) => n is null ? null : new Req.Types.Integer
    {
        Count = n.Count, Type = n.Type, Sum = n.Sum, Mean = n.Mean, Mode = n.Mode, Median = n.Median, Maximum = n.Maximum, Minimum = n.Minimum,
    };

    private static Req.Types.Number? Numbers(Req.Types.Integer? n) => n is null ? null : new Req.Types.Number
    {
        Count = n.Count, Type = n.Type, Sum = n.Sum, Mean = n.Mean, Mode = n.Mode, Median = n.Median, Maximum = n.Maximum, Minimum = n.Minimum,
    };
}
