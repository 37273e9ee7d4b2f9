using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Errors;
using Barge.Core.Schema;

namespace Barge.Core.Query.Aggregation;

/// <summary>Accumulates one property's values over the aggregated objects; one instance per property (and group).</summary>
internal abstract class PropertyAggregator(string property, string type)
{
    protected string Property { get; } = property;
    protected string Type { get; } = type;

    /// <summary>Adds an object's value of the property: nothing when absent or null, each element of an array.</summary>
    public void Add(JsonNode? value)
    {
        if (value is JsonArray array)
        {
            foreach (var element in array)
            {
                if (element is not null) AddValue(element);
            }
        }
        else if (value is not null)
        {
            AddValue(value);
        }
    }

    protected abstract void AddValue(JsonNode value);

    public abstract PropertyAggregation Result();

    /// <summary>The aggregator for a property by its data type; types without aggregations are refused.</summary>
    public static PropertyAggregator For(PropertyDefinition property, AggregateProperty request)
    {
        var type = TypeName(property.DataType);
        return property.DataType.Primitive switch
        {
            PrimitiveType.Int or PrimitiveType.Number => new NumericAggregator(property.Name, type),
            PrimitiveType.Text => new TextAggregator(property.Name, type, request.TopOccurrencesLimit),
            PrimitiveType.Boolean => new BooleanAggregator(property.Name, type),
            PrimitiveType.Date => new DateAggregator(property.Name, type),
            PrimitiveType.Reference => new ReferenceAggregator(property.Name, type),
            _ => throw new UserInputException(QueryMessages.CannotAggregate(property.Name, type)),
        };
    }

    /// <summary>The schema's name of the data type; references are <c>cref</c> whatever they point to.</summary>
    public static string TypeName(DataType dataType) => dataType.IsReference ? "cref" : dataType.Name;

    protected static bool IsNumber(JsonNode value) => value.GetValueKind() == JsonValueKind.Number;
    protected static bool IsString(JsonNode value) => value.GetValueKind() == JsonValueKind.String;
}
