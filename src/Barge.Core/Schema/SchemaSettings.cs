namespace Barge.Core.Schema;

/// <summary>
/// Server settings that change the defaults filled into new classes and properties
/// (Weaviate's <c>DEFAULT_TOKENIZATION</c> and <c>DEFAULT_VECTORIZER_MODULE</c>).
/// </summary>
public sealed record SchemaSettings
{
    public static SchemaSettings Default { get; } = new();

    /// <summary>Tokenization given to text/text[] properties that do not name one.</summary>
    public string DefaultTokenization { get; init; } = "word";

    /// <summary>Vectorizer given to classes that do not name one (and have no named vectors).</summary>
    public string DefaultVectorizer { get; init; } = "none";
}
