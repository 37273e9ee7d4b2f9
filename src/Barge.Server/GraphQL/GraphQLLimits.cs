namespace Barge.Server.GraphQL;

/// <summary>The settings the GraphQL dialect applies itself.</summary>
internal sealed record GraphQLLimits(int QueryMaximumResults);
