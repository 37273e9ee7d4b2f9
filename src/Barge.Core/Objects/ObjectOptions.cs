using Barge.Core.Schema.AutoSchema;

namespace Barge.Core.Objects;

/// <summary>The settings object validation and listing depend on (AUTOSCHEMA_*, QUERY_* in Weaviate's names).</summary>
public sealed record ObjectOptions
{
    public bool AutoSchemaEnabled { get; init; } = true;
    public AutoSchemaOptions AutoSchema { get; init; } = new();
    public int QueryMaximumResults { get; init; } = 10_000;
    public int QueryDefaultsLimit { get; init; } = 10;
    public Filters.FilterLimits FilterLimits { get; init; } = Filters.FilterLimits.Default;
    /// <summary>The longest word in a filterable text property, in UTF-8 bytes (<see cref="Validation.IndexedText"/>).</summary>
    public int MaxIndexedWordBytes { get; init; } = Validation.IndexedText.PostgresMaxWordBytes;
}
