using Barge.Core.Filters;
using Barge.Storage.Relational;
using Npgsql;

namespace Barge.Storage.Postgres.Filters;

public sealed partial class PostgresFilterCompiler
{
    /// <summary>
    /// The filter as a <see cref="PgIndexOnlyFilter"/> when it is And and Or over index conditions only (what the
    /// posting lists alone answer, <see cref="IndexOnlyPlan"/>); null for any other filter, which
    /// <see cref="Compile"/> evaluates per object. Parameters are added to <paramref name="command"/>.
    /// </summary>
    internal static PgIndexOnlyFilter? CompileIndexOnly(FilterNode filter, NpgsqlCommand command)
    {
        var compiler = new PostgresFilterCompiler(command, null);
        var leaves = new List<PgIndexOnlyFilter.Leaf>();
        var plan = IndexOnlyPlan.Build(filter, i =>
        {
            leaves.Add(compiler.LeafLists(i));
            return leaves.Count - 1;
        });
        return plan is null ? null : new PgIndexOnlyFilter(plan, leaves);
    }

    /// <summary>Where the posting rows of <paramref name="i"/> are: the table and the condition on its rows.</summary>
    private PgIndexOnlyFilter.Leaf LeafLists(IndexCondition i)
    {
        var (text, predicate) = Leaf(i);
        return new(PostingTable(text), $"field = {Field(i.Class, i.Key)} AND {predicate}", i.Comparison == Comparison.In && i.Upper is null);
    }
}
