using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Barge.Core.Schema;

namespace Barge.Bench;

public enum SchemaVariant { Defaults, NoneFilterable }

public enum IdMode { Server, Client }

/// <summary>
/// The deterministic "articles" workload: object <c>i</c> always has the same properties (and, with client ids,
/// the same id), so Barge and the engine baseline store the same rows. About 480 bytes of JSON per object.
/// </summary>
public static class Articles
{
    public const string ClassName = "Article";

    /// <summary>
    /// The length of the vector each object carries (<c>--vector-dims</c>), or 0 for none. Clients of Weaviate send an
    /// embedding with each object; its wire form (JSON numbers over REST, float32 bytes over gRPC) is what the transports
    /// differ in most.
    /// </summary>
    public static int VectorDimensions { get; set; }

    /// <summary>Object <paramref name="i"/>'s vector: <see cref="VectorDimensions"/> deterministic values in [-1, 1).</summary>
    public static float[] Vector(long i)
    {
        var rng = new SplitMix((ulong)i ^ 0x9E3779B97F4A7C15UL);
        var v = new float[VectorDimensions];
        for (var k = 0; k < v.Length; k++) v[k] = (float)(rng.NextDouble() * 2 - 1);
        return v;
    }

    private static readonly string[] Common =
    [
        "the", "of", "and", "to", "in", "is", "that", "for", "it", "as", "was", "with", "on", "by", "at", "from",
        "data", "system", "market", "river", "city", "report", "energy", "water", "people", "season", "policy",
        "storage", "network", "science", "history", "garden", "engine", "journal", "harbor", "winter", "summer",
    ];

    private static readonly string[] Vocabulary = BuildVocabulary();

    /// <summary>The vocabulary's rarest word (the skewed pick's last): a rare query term for the keyword benchmark.</summary>
    public static string RarestWord => Vocabulary[^1];
    private static readonly string[] TagNames = Enumerable.Range(0, 50).Select(t => "tag" + t.ToString("D2", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>Common words plus 2,000 syllable words: a vocabulary with a long tail, like real text.</summary>
    private static string[] BuildVocabulary()
    {
        string[] syllables = ["ka", "ro", "mi", "tel", "san", "dor", "vi", "lu", "pe", "gan", "sto", "ri", "ban", "ne", "quo", "zu", "fa", "lin", "mor", "te"];
        var rng = new SplitMix(42);
        var words = new List<string>(Common);
        var seen = new HashSet<string>(Common, StringComparer.Ordinal);
        while (words.Count < Common.Length + 2000)
        {
            var sb = new StringBuilder();
            var n = 2 + (int)(rng.Next() % 3);
            for (var s = 0; s < n; s++) sb.Append(syllables[rng.Next() % (ulong)syllables.Length]);
            if (seen.Add(sb.ToString())) words.Add(sb.ToString());
        }
        return words.ToArray();
    }

    /// <summary>A skewed pick: low indexes (common words) come up far more often than the tail.</summary>
    private static string Word(ref SplitMix rng)
    {
        var r = rng.NextDouble();
        return Vocabulary[(int)(r * r * r * Vocabulary.Length)];
    }

    /// <summary>A deterministic random-looking (version 4 layout) id for object <paramref name="i"/>.</summary>
    public static Guid ClientId(long i)
    {
        var rng = new SplitMix((ulong)i ^ 0x5DEECE66DUL);
        Span<byte> b = stackalloc byte[16];
        BitConverter.TryWriteBytes(b, rng.Next());
        BitConverter.TryWriteBytes(b[8..], rng.Next());
        b[7] = (byte)((b[7] & 0x0F) | 0x40);
        b[8] = (byte)((b[8] & 0x3F) | 0x80);
        return new Guid(b);
    }

    /// <summary>The property values of object <paramref name="i"/>, whichever wire carries them.</summary>
    public static Article Values(long i)
    {
        var rng = new SplitMix(new SplitMix((ulong)i).Next());
        var title = new StringBuilder(48);
        while (title.Length < 29)
        {
            var word = Word(ref rng);
            title.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1).Append(' ');
        }
        title.Append("no. ").Append(i.ToString("D8", CultureInfo.InvariantCulture));

        var body = new StringBuilder(320);
        var words = 0;
        while (body.Length < 290)
        {
            if (body.Length > 0) body.Append(words % 11 == 10 ? ". " : " ");
            body.Append(Word(ref rng));
            words++;
        }
        body.Append('.');
        var published = rng.NextDouble() < 0.7;
        var rating = Math.Round(rng.NextDouble() * 5, 2);
        var at = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(rng.Next() % (10UL * 365 * 86400));
        var first = (int)(rng.Next() % 50);
        var step = 1 + (int)(rng.Next() % 16);
        var tags = new string[3];
        for (var t = 0; t < 3; t++) tags[t] = TagNames[(first + t * step) % 50];
        return new Article(title.ToString(), body.ToString(), words, published, rating,
            at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), tags);
    }

    /// <summary>Writes object <paramref name="i"/> as it appears in a batch request.</summary>
    public static void WriteObject(Utf8JsonWriter w, long i, IdMode ids)
    {
        var a = Values(i);
        w.WriteStartObject();
        w.WriteString("class", ClassName);
        if (ids == IdMode.Client) w.WriteString("id", ClientId(i).ToString("D"));
        w.WriteStartObject("properties");
        WriteProperties(w, a);
        w.WriteEndObject();
        if (VectorDimensions > 0)
        {
            // As a client serializes a float32 embedding: the shortest text that reads back as the same float.
            w.WriteStartArray("vector");
            foreach (var f in Vector(i)) w.WriteNumberValue(f);
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    /// <summary>An article's properties as members of the JSON object being written, in the class's order.</summary>
    public static void WriteProperties(Utf8JsonWriter w, Article a)
    {
        w.WriteString("title", a.Title);
        w.WriteString("body", a.Body);
        w.WriteNumber("wordCount", a.WordCount);
        w.WriteBoolean("published", a.Published);
        w.WriteNumber("rating", a.Rating);
        w.WriteString("publishedAt", a.PublishedAt);
        w.WriteStartArray("tags");
        foreach (var tag in a.Tags) w.WriteStringValue(tag);
        w.WriteEndArray();
    }

    /// <summary>The JSON of one object (what the server parses), for the baseline's normalization.</summary>
    public static byte[] ObjectJson(long i, IdMode ids)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(600);
        using (var w = new Utf8JsonWriter(buffer)) WriteObject(w, i, ids);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A whole <c>POST /v1/batch/objects</c> body for objects <paramref name="first"/>..first+count-1.</summary>
    public static byte[] BatchBody(long first, int count, IdMode ids)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(count * 520 + 32);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("objects");
            for (var k = 0; k < count; k++) WriteObject(w, first + k, ids);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The same objects as a gRPC <c>BatchObjectsRequest</c>, encoded as the npm weaviate-client 3.x does: scalars
    /// (text, number, boolean, date string) in <c>properties.non_ref_properties</c> (a Struct; <c>wordCount</c> is a
    /// Struct number, which the server writes as an integer when it is whole), text[] in
    /// <c>text_array_properties</c>, the client id in <c>uuid</c>, the collection named, the vector (if any) as
    /// little-endian float32 <c>vector_bytes</c>.
    /// </summary>
    public static byte[] GrpcBatchBody(long first, int count)
    {
        var request = new Barge.Server.Grpc.Protocol.BatchObjectsRequest();
        for (var k = 0; k < count; k++)
        {
            var i = first + k;
            var a = Values(i);
            var scalars = new Google.Protobuf.WellKnownTypes.Struct();
            scalars.Fields.Add("title", Google.Protobuf.WellKnownTypes.Value.ForString(a.Title));
            scalars.Fields.Add("body", Google.Protobuf.WellKnownTypes.Value.ForString(a.Body));
            scalars.Fields.Add("wordCount", Google.Protobuf.WellKnownTypes.Value.ForNumber(a.WordCount));
            scalars.Fields.Add("published", Google.Protobuf.WellKnownTypes.Value.ForBool(a.Published));
            scalars.Fields.Add("rating", Google.Protobuf.WellKnownTypes.Value.ForNumber(a.Rating));
            scalars.Fields.Add("publishedAt", Google.Protobuf.WellKnownTypes.Value.ForString(a.PublishedAt));
            var properties = new Barge.Server.Grpc.Protocol.BatchObject.Types.Properties { NonRefProperties = Google.Protobuf.MessageExtensions.ToByteString(scalars) };
            properties.TextArrayProperties.Add(new Barge.Server.Grpc.Protocol.TextArrayProperties { PropName = "tags", Values = { a.Tags } });
            request.Objects.Add(new Barge.Server.Grpc.Protocol.BatchObject
            {
                Uuid = ClientId(i).ToString("D"), Collection = ClassName, Properties = properties,
                VectorBytes = VectorDimensions > 0 ? Google.Protobuf.ByteString.CopyFrom(VectorBytes(i)) : Google.Protobuf.ByteString.Empty,
            });
        }
        return Google.Protobuf.MessageExtensions.ToByteArray(request);
    }

    /// <summary>Object <paramref name="i"/>'s vector as stored and as gRPC carries it: little-endian float32.</summary>
    public static byte[] VectorBytes(long i)
    {
        var v = Vector(i);
        var bytes = new byte[v.Length * 4];
        for (var k = 0; k < v.Length; k++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(k * 4), v[k]);
        return bytes;
    }

    private static readonly (string Name, string Type)[] PropertyTypes =
    [
        ("title", "text"), ("body", "text"), ("wordCount", "int"), ("published", "boolean"),
        ("rating", "number"), ("publishedAt", "date"), ("tags", "text[]"),
    ];

    /// <summary>The <c>POST /v1/schema</c> body: only data types (Weaviate fills in defaults), or every index off.</summary>
    public static JsonObject SchemaRequest(SchemaVariant variant)
    {
        var props = new JsonArray();
        foreach (var (name, type) in PropertyTypes)
        {
            var p = new JsonObject { ["name"] = name, ["dataType"] = new JsonArray(type) };
            if (variant == SchemaVariant.NoneFilterable)
            {
                p["indexFilterable"] = false;
                p["indexSearchable"] = false;
            }
            props.Add(p);
        }
        return new JsonObject { ["class"] = ClassName, ["properties"] = props };
    }

    /// <summary>The class with Weaviate's defaults filled in: text is word-tokenized, filterable and searchable.</summary>
    public static ClassDefinition Class(SchemaVariant variant) => new()
    {
        Name = ClassName,
        Properties = PropertyTypes.Select(p => new PropertyDefinition
        {
            Name = p.Name,
            DataTypeNames = [p.Type],
            Tokenization = p.Type.StartsWith("text", StringComparison.Ordinal) ? "word" : null,
            IndexFilterable = variant == SchemaVariant.Defaults,
            IndexSearchable = variant == SchemaVariant.Defaults && p.Type.StartsWith("text", StringComparison.Ordinal),
        }).ToArray(),
        InvertedIndexConfig = JsonNode.Parse("""
            {"bm25":{"b":0.75,"k1":1.2},"cleanupIntervalSeconds":60,"stopwords":{"additions":null,"preset":"en","removals":null}}
            """)!.AsObject(),
    };

    public static string Name(SchemaVariant v) => v == SchemaVariant.Defaults ? "defaults" : "none";
    public static string Name(IdMode m) => m == IdMode.Server ? "server" : "client";
    public static SchemaVariant ParseSchema(string s) => s == "none" ? SchemaVariant.NoneFilterable : SchemaVariant.Defaults;
    public static IdMode ParseIds(string s) => s == "client" ? IdMode.Client : IdMode.Server;
}

/// <summary>One article's property values (<c>publishedAt</c> as the RFC 3339 string both wires send).</summary>
public sealed record Article(string Title, string Body, int WordCount, bool Published, double Rating, string PublishedAt, string[] Tags);

/// <summary>SplitMix64: tiny, fast and deterministic across runtimes (System.Random's seeded sequence is not promised).</summary>
public struct SplitMix(ulong seed)
{
    private ulong _state = seed;

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));
}
