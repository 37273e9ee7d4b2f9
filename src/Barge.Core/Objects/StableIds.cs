using System.Security.Cryptography;
using System.Text;

namespace Barge.Core.Objects;

/// <summary>
/// Name-based object ids (RFC 9562 UUIDv5: SHA-1 over a namespace and a name) for callers that key objects by their
/// own text, like the batch service's element <c>_id</c>: the same collection and key always give the same object.
/// </summary>
public static class StableIds
{
    /// <summary>Barge's fixed namespace for element keys; changing it would orphan every stored element.</summary>
    private static readonly Guid Namespace = new("5f0c7a52-3f5e-4b8e-9d0c-6a3e2b1d4c70");

    public static string For(string className, string key)
    {
        Span<byte> ns = stackalloc byte[16];
        Namespace.TryWriteBytes(ns, bigEndian: true, out _);
        var name = Encoding.UTF8.GetBytes(className + "\n" + key);
        var input = new byte[16 + name.Length];
        ns.CopyTo(input);
        name.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50); // version 5
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(hash[..16], bigEndian: true).ToString("D");
    }
}
