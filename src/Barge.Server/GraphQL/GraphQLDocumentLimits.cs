using System.Globalization;
using GraphQLParser.AST;
using GraphQLParser.Visitors;

namespace Barge.Server.GraphQL;

/// <summary>
/// How large a GraphQL document may be before it is validated or run. GraphQL.NET's validation compares fields pairwise
/// and expands fragments, and every aliased class field is a query of its own, so a small text (thousands of aliases, a
/// field repeated, fragments spread twice at each of a few levels, thousands of directives or filter operands) can hold
/// the server far past what it asks for. Such a document is refused whole, naming the bound and the setting that raises it.
/// </summary>
/// <param name="MaxFields">Fields selected by all operations, each fragment spread counted as the fields it brings
/// (<c>BARGE_MAX_GRAPHQL_FIELDS</c>).</param>
/// <param name="MaxNodes">Syntax nodes of the document: names, arguments, directives, values and each item of a list value
/// (<c>BARGE_MAX_GRAPHQL_NODES</c>).</param>
/// <param name="MaxDepth">Nesting of the document's syntax, given to GraphQL.NET's parser (<c>BARGE_MAX_GRAPHQL_DEPTH</c>).</param>
public sealed record GraphQLDocumentLimits(int MaxFields = 1_000, int MaxNodes = 20_000, int MaxDepth = 128)
{
    public static readonly GraphQLDocumentLimits Default = new();

    /// <summary>Why <paramref name="document"/> is too large, or null when it is within every bound.</summary>
    /// <param name="budget">The fields the documents before this one in the same request selected; this one's are added.</param>
    public async ValueTask<string?> ExceededAsync(GraphQLDocument document, GraphQLFieldBudget budget, CancellationToken ct)
    {
        var nodes = new NodeCounter.Context(MaxNodes, ct);
        await NodeCounter.Instance.VisitAsync(document, nodes).ConfigureAwait(false);
        if (nodes.Count > MaxNodes) return TooMany("document has", MaxNodes, "syntax nodes (names, arguments, directives and values)", "BARGE_MAX_GRAPHQL_NODES");
        var fields = new FieldCounter(document, MaxFields).Total();
        if (fields > MaxFields) return TooMany("query selects", MaxFields, "fields (counting the fields of each fragment spread)", "BARGE_MAX_GRAPHQL_FIELDS");
        budget.Used += fields;
        return budget.Spent(this) ? BatchTooLarge : null;
    }

    /// <summary>What a batch item is answered once the items before it and itself select more than <see cref="MaxFields"/>.</summary>
    public string BatchTooLarge => string.Create(CultureInfo.InvariantCulture,
        $"the batch's queries select more than {MaxFields} fields together: send fewer at once, or raise BARGE_MAX_GRAPHQL_FIELDS");

    /// <summary>What a document nested past <see cref="MaxDepth"/> is answered (GraphQL.NET's parser stops at it).</summary>
    public string TooDeep => TooMany("document nests", MaxDepth, "levels of syntax", "BARGE_MAX_GRAPHQL_DEPTH");

    private static string TooMany(string what, int limit, string unit, string setting) =>
        string.Create(CultureInfo.InvariantCulture, $"the {what} more than {limit} {unit}: narrow it, or raise {setting}");

    /// <summary>Counts every node, and stops descending once the count is past the bound.</summary>
    private sealed class NodeCounter : ASTVisitor<NodeCounter.Context>
    {
        public static readonly NodeCounter Instance = new();

        public sealed class Context(int max, CancellationToken ct) : IASTVisitorContext
        {
            public int Max { get; } = max;
            public int Count { get; set; }
            public CancellationToken CancellationToken { get; } = ct;
        }

        public override ValueTask VisitAsync(ASTNode? node, Context context)
        {
            if (node is null || context.Count > context.Max) return default;
            context.Count++;
            return base.VisitAsync(node, context);
        }
    }

    /// <summary>
    /// Fields of all operations with fragments expanded, each fragment counted once and reused, and every sum capped just
    /// past the bound: a fragment spread twice at each of many levels is counted without being expanded. A fragment cycle
    /// counts nothing here; validation reports it.
    /// </summary>
    private sealed class FieldCounter(GraphQLDocument document, int max)
    {
        private readonly long _cap = (long)max + 1;
        private readonly Dictionary<string, long> _fragments = new(StringComparer.Ordinal);
        private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);
        private Dictionary<string, GraphQLFragmentDefinition>? _definitions;

        public long Total()
        {
            long total = 0;
            foreach (var definition in document.Definitions)
                if (definition is GraphQLOperationDefinition operation)
                    total = Add(total, Fields(operation.SelectionSet));
            return total;
        }

        private long Fields(GraphQLSelectionSet? set)
        {
            long count = 0;
            if (set is null) return count;
            foreach (var selection in set.Selections)
            {
                count = Add(count, selection switch
                {
                    GraphQLField field => Add(1, Fields(field.SelectionSet)),
                    GraphQLInlineFragment inline => Fields(inline.SelectionSet),
                    GraphQLFragmentSpread spread => Fragment(spread.FragmentName.Name.StringValue),
                    _ => 0,
                });
                if (count >= _cap) return count;
            }
            return count;
        }

        private long Fragment(string name)
        {
            if (_fragments.TryGetValue(name, out var known)) return known;
            _definitions ??= document.Definitions.OfType<GraphQLFragmentDefinition>()
                .GroupBy(f => f.FragmentName.Name.StringValue, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            if (!_definitions.TryGetValue(name, out var fragment) || !_inProgress.Add(name)) return 0;
            var count = Fields(fragment.SelectionSet);
            _inProgress.Remove(name);
            _fragments[name] = count;
            return count;
        }

        private long Add(long a, long b) => Math.Min(a + b, _cap);
    }
}

/// <summary>The fields selected so far by the documents of one request (one query, or the items of a batch).</summary>
public sealed class GraphQLFieldBudget
{
    public long Used { get; set; }

    public bool Spent(GraphQLDocumentLimits limits) => Used > limits.MaxFields;
}
