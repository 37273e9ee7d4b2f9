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
        var leaves = new List<string>();
        var plan = IndexOnlyPlan.Build(filter, i =>
        {
            leaves.Add(compiler.LeafLists(i, leaves.Count));
            return leaves.Count - 1;
        });
        return plan is null ? null : new PgIndexOnlyFilter(plan, leaves);
    }

    /// <summary>The posting rows of <paramref name="i"/>: one row per list, (leaf number, the list's seqs).</summary>
    private string LeafLists(IndexCondition i, int leaf)
    {
        var (text, predicate) = Leaf(i);
        return $"SELECT {leaf}, seqs FROM {PostingTable(text)} WHERE field = {Field(i.Class, i.Key)} AND {predicate}";
    }
}
