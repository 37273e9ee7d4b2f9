using System.Text.Json;
using System.Text.Json.Nodes;

namespace Barge.Core.Objects;

/// <summary>
/// An object as Barge stores it: properties already validated and normalized against the class,
/// the id in canonical lower-case form.
/// </summary>
/// <remarks>
/// The properties are held either as a tree or as the UTF-8 JSON that validation wrote (<see cref="PropertiesUtf8"/>).
/// On the batch write path nothing needs the tree: stores bind the bytes and answers copy them, so the tree is only
/// parsed when something asks for <see cref="Properties"/> (index entries, merges, reads).
/// </remarks>
public sealed class StoredObject
{
    private readonly byte[]? _propertiesUtf8;
    private JsonObject? _properties;

    public required string Class { get; init; }
    public required string Id { get; init; }
    public string? Tenant { get; init; }

    /// <summary>The properties as a tree; parsed from <see cref="PropertiesUtf8"/> on first use. Not to be modified.</summary>
    public JsonObject Properties
    {
        get => _properties ??= JsonNode.Parse(_propertiesUtf8 ?? throw new InvalidOperationException("an object without properties"))!.AsObject();
        init => _properties = value;
    }

    /// <summary>The normalized properties as UTF-8 JSON when validation wrote them; null when only the tree is known.</summary>
    public byte[]? PropertiesUtf8
    {
        get => _propertiesUtf8;
        init => _propertiesUtf8 = value;
    }

    public float[]? Vector { get; init; }
    public long CreationTimeUnix { get; init; }
    public long LastUpdateTimeUnix { get; init; }

    /// <summary>Writes the properties object: the validated bytes as they are, or the tree.</summary>
    public void WriteProperties(Utf8JsonWriter writer)
    {
        if (_propertiesUtf8 is { } utf8) writer.WriteRawValue(utf8, skipInputValidation: true);
        else Properties.WriteTo(writer);
    }

    /// <summary>The properties as JSON text (stores that bind text).</summary>
    public string PropertiesJson() =>
        _propertiesUtf8 is { } utf8 ? System.Text.Encoding.UTF8.GetString(utf8) : Properties.ToJsonString();

    /// <summary>The same object with another creation time (an upsert keeps the replaced object's), properties shared.</summary>
    public StoredObject WithCreationTime(long created) => new()
    {
        Class = Class, Id = Id, Tenant = Tenant, Vector = Vector,
        PropertiesUtf8 = _propertiesUtf8, _properties = _properties,
        CreationTimeUnix = created, LastUpdateTimeUnix = LastUpdateTimeUnix,
    };
}
