using Barge.Core.Schema;

namespace Barge.Storage.Tests.Writes;

/// <summary>The classes the write tests store objects of, on either backend.</summary>
public static class TestClasses
{
    /// <summary>A word-tokenized title and an int: a put carries text and number index entries.</summary>
    public static readonly ClassDefinition Article = new()
    {
        Name = "Article",
        Properties =
        [
            new PropertyDefinition { Name = "title", DataTypeNames = ["text"], Tokenization = "word" },
            new PropertyDefinition { Name = "words", DataTypeNames = ["int"] },
        ],
    };

    /// <summary>One int: the smallest class with an index entry.</summary>
    public static readonly ClassDefinition Doc = new()
    {
        Name = "Doc",
        Properties = [new PropertyDefinition { Name = "n", DataTypeNames = ["int"] }],
    };

    /// <summary>A class lookup (the server's live schema) knowing <paramref name="classes"/>.</summary>
    public static Func<string, ClassDefinition?> Lookup(params ClassDefinition[] classes) =>
        name => classes.FirstOrDefault(c => c.Name == name);
}
