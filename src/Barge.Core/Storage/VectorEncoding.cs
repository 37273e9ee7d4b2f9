using System.Runtime.InteropServices;

namespace Barge.Core.Storage;

/// <summary>
/// How both stores keep an object's vector in its row: the float32 values as raw bytes in the machine's byte order
/// (little-endian on x64 and Arm64). One definition, so the two stores cannot drift apart.
/// </summary>
public static class VectorEncoding
{
    public static byte[]? ToBytes(float[]? vector) => vector is null ? null : AsBytes(vector).ToArray();

    /// <summary>The encoded bytes without a copy, for a caller that binds them at once.</summary>
    public static ReadOnlySpan<byte> AsBytes(float[] vector) => MemoryMarshal.AsBytes(vector.AsSpan());

    public static float[] FromBytes(byte[] bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();
}
