using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace Barge.Server.GraphQL;

/// <summary>
/// The value fields of a where filter (<c>valueText</c>, <c>valueInt</c>, …). Weaviate's are custom scalars that take
/// one value or a list (weaviate-ts-client sends <c>valueTextArray</c> as <c>valueText:[…]</c>), so this one takes any
/// scalar or list literal as it is; the where filter parser then checks the value against the field, in Weaviate's words.
/// </summary>
internal sealed class FilterValueGraphType : ScalarGraphType
{
    public FilterValueGraphType(string name) => Name = name;

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLNullValue => null,
        GraphQLStringValue s => s.Value.ToString(),
        GraphQLBooleanValue b => b.BoolValue,
        GraphQLIntValue i => long.TryParse(i.Value.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)
            ? l : double.Parse(i.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLFloatValue f => double.Parse(f.Value.ToString(), CultureInfo.InvariantCulture),
        GraphQLEnumValue e => e.Name.StringValue,
        GraphQLListValue l => (l.Values ?? []).Select(ParseLiteral).ToList(),
        _ => ThrowLiteralConversionError(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value is not GraphQLObjectValue and not GraphQLVariable;

    public override object? ParseValue(object? value) => value;

    public override object? Serialize(object? value) => value;
}
