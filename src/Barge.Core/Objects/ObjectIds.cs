using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Barge.Core.Objects;

/// <summary>Object ids: canonical lower-case UUID text; server-assigned ids are time-ordered (UUIDv7) so index inserts stay local.</summary>
public static class ObjectIds
{
    private static readonly Lock Gate = new();
    private static long _lastMs;
    private static UInt128 _lastRandom;

    /// <summary>
    /// A UUIDv7 that sorts after every id this process generated before, also within one millisecond.
    /// Guid.CreateVersion7 fills the sub-millisecond bits at random, so ids of one batch would not sort in
    /// creation order; here the 74 random bits are incremented instead (RFC 9562 §6.2, method 2).
    /// </summary>
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        long ms;
        UInt128 random;
        lock (Gate)
        {
            ms = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (ms > _lastMs)
            {
                Span<byte> fresh = stackalloc byte[16];
                RandomNumberGenerator.Fill(fresh);
                // Keep the top bit clear so that thousands of increments cannot overflow the 74 bits.
                random = BinaryPrimitives.ReadUInt128BigEndian(fresh) & ((UInt128.One << 73) - 1);
            }
            else
            {
                ms = _lastMs; // the clock went back or stood still: stay on the last timestamp
                random = _lastRandom + 1;
                if (random >> 74 != 0) { ms++; random = 0; }
            }
            _lastMs = ms;
            _lastRandom = random;
        }
        // Layout: 48-bit ms | version 7 (4 bits) | 12 random bits | variant 10 (2 bits) | 62 random bits.
        var high = ((ulong)ms << 16) | 0x7000UL | (ulong)(random >> 62) & 0x0FFF;
        var low = 0x8000_0000_0000_0000UL | ((ulong)random & 0x3FFF_FFFF_FFFF_FFFFUL);
        BinaryPrimitives.WriteUInt64BigEndian(bytes, high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], low);
        return new Guid(bytes, bigEndian: true).ToString("D");
    }

    /// <summary>Canonical form of a UUID in any form <see cref="Guid.TryParse(string?, out Guid)"/> accepts, or null.</summary>
    public static string? Canonical(string? text) => Guid.TryParse(text, out var g) ? g.ToString("D") : null;
}
