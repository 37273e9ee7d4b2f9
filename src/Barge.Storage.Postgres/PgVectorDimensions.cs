using Barge.Storage.Relational;

namespace Barge.Storage.Postgres;

/// <summary>
/// A class is bound to the vector length of its first vector; later vectors must match it. The binding is created
/// race-free across nodes (ON CONFLICT DO NOTHING, then the winner's length) and cached per process.
/// </summary>
internal sealed class PgVectorDimensions
{
    private const string BindSql =
        "WITH ins AS (INSERT INTO class_vectors(class, dimensions) VALUES($1, $2) ON CONFLICT (class) DO NOTHING RETURNING dimensions) " +
        "SELECT dimensions FROM ins UNION ALL SELECT dimensions FROM class_vectors WHERE class = $1";

    private readonly Dictionary<string, int> _dimensions = new(StringComparer.Ordinal);

    public void Forget() => _dimensions.Clear();

    /// <summary>Null when the vector fits the class (binding the class on its first vector), else the error (Weaviate's text).</summary>
    public string? Check(PgWriteContext ctx, string cls, float[]? vector)
    {
        if (vector is not { Length: > 0 }) return null;
        if (!_dimensions.TryGetValue(cls, out var dims))
        {
            using var cmd = ctx.Command(BindSql);
            cmd.Parameters.AddWithValue(cls);
            cmd.Parameters.AddWithValue(vector.Length);
            // Nothing returned: another node bound the class after this statement's snapshot; the retry reads it.
            dims = cmd.ExecuteScalar() is int d ? d : throw new ConcurrentChangeException($"class_vectors of {cls} changed");
            _dimensions[cls] = dims;
        }
        return dims == vector.Length ? null : $"new node has a vector with length {vector.Length}. Existing nodes have vectors with length {dims}";
    }
}
