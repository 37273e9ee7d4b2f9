using GraphQL.Types;

namespace Barge.Server.GraphQL;

/// <summary>The <c>nearVector</c> and <c>nearObject</c> input types, per class and function (Weaviate names them so).</summary>
internal static class NearInputs
{
    public static InputObjectGraphType Vector(string path)
    {
        var type = new InputObjectGraphType { Name = path + "NearVectorInpObj" };
        type.AddField(new FieldType { Name = "vector", ResolvedType = new NonNullGraphType(new ListGraphType(new NonNullGraphType(new FloatGraphType()))) });
        type.AddField(new FieldType { Name = "distance", ResolvedType = new FloatGraphType() });
        type.AddField(new FieldType { Name = "certainty", ResolvedType = new FloatGraphType() });
        type.AddField(TargetVectors.Field());
        return type;
    }

    public static InputObjectGraphType Object(string path)
    {
        var type = new InputObjectGraphType { Name = path + "NearObjectInpObj" };
        type.AddField(new FieldType { Name = "id", ResolvedType = new StringGraphType() });
        type.AddField(new FieldType { Name = "beacon", ResolvedType = new StringGraphType() });
        type.AddField(new FieldType { Name = "distance", ResolvedType = new FloatGraphType() });
        type.AddField(new FieldType { Name = "certainty", ResolvedType = new FloatGraphType() });
        type.AddField(TargetVectors.Field());
        return type;
    }
}
