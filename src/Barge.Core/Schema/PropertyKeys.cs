using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Barge.Core.Schema;

/// <summary>
/// The property a key of an object's JSON names, either case of its first letter (see
/// <see cref="SchemaNames.PropertyNameFor"/>), looked up from the key's UTF-8 without making a string of it:
/// validation and auto-schema do this for every key of every object of a batch.
/// </summary>
public static class PropertyKeys
{
    private const int MaxStackName = 128;

    public static PropertyDefinition? Find(ClassDefinition cls, JsonProperty member)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(member);
        // An escaped key (\u0074itle) is decoded by the parser: only the string form is its real name.
        if (raw.Length > MaxStackName || raw.Contains((byte)'\\')) return cls.FindProperty(SchemaNames.PropertyNameFor(member.Name));
        return Find(cls, raw);
    }

    /// <summary>The same for a key given as its UTF-8 (unescaped), from a wire that is not JSON.</summary>
    public static PropertyDefinition? Find(ClassDefinition cls, ReadOnlySpan<byte> raw)
    {
        if (raw.Length > MaxStackName) return cls.FindProperty(SchemaNames.PropertyNameFor(Encoding.UTF8.GetString(raw)));
        if (!raw.IsEmpty && raw[0] < 0x80 && cls.SmallClassUtf8Names is { } names) return Scan(cls, names, raw);
        Span<char> name = stackalloc char[raw.Length];
        name = name[..Encoding.UTF8.GetChars(raw, name)];
        if (name.Length > 0 && !char.IsLower(name[0])) name[0] = char.ToLowerInvariant(name[0]);
        return cls.FindProperty(name);
    }

    /// <summary>
    /// A key whose first character is ASCII, in a class of a few properties: compared byte for byte with each name,
    /// the first letter lower-cased as <see cref="SchemaNames.PropertyNameFor"/> does (for ASCII, only A–Z change).
    /// The first equal name wins, as with the dictionary.
    /// </summary>
    private static PropertyDefinition? Scan(ClassDefinition cls, byte[][] names, ReadOnlySpan<byte> raw)
    {
        var first = raw[0] is >= (byte)'A' and <= (byte)'Z' ? (byte)(raw[0] | 0x20) : raw[0];
        var rest = raw[1..];
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            if (name.Length == raw.Length && name[0] == first && rest.SequenceEqual(name.AsSpan(1))) return cls.Properties[i];
        }
        return null;
    }
}
