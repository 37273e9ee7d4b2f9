using System.Buffers.Binary;

namespace Barge.Server.Grpc;

/// <summary>
/// Reads protobuf's wire format from bytes: field tags, varints, fixed64 values and length-delimited fields, and
/// skips fields it is not asked for as protobuf skips unknown fields. Every read says whether the bytes held what was
/// asked for (never throws), so that a malformed message fails the object it belongs to with a reason.
/// Groups (wire types 3 and 4, a proto2 feature no Weaviate client sends) are not read: they count as malformed.
/// </summary>
internal ref struct ProtoWireReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _bytes;
    private int _position;

    public ProtoWireReader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    public readonly bool End => _position >= _bytes.Length;

    /// <summary>How many bytes have been read.</summary>
    public readonly int Position => _position;

    /// <summary>The next field's number and wire type; false when the tag is truncated or names field 0.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        field = wireType = 0;
        if (!TryReadVarint(out var tag) || tag > uint.MaxValue) return false;
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return field > 0;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _bytes.Length) return false;
            var b = _bytes[_position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return true;
        }
        return false; // more than ten bytes
    }

    public bool TryReadFixed64(out ulong value)
    {
        value = 0;
        if (_bytes.Length - _position < 8) return false;
        value = BinaryPrimitives.ReadUInt64LittleEndian(_bytes[_position..]);
        _position += 8;
        return true;
    }

    public bool TryReadFixed32(out uint value)
    {
        value = 0;
        if (_bytes.Length - _position < 4) return false;
        value = BinaryPrimitives.ReadUInt32LittleEndian(_bytes[_position..]);
        _position += 4;
        return true;
    }

    /// <summary>A length-delimited field's bytes (a string, bytes or an embedded message), without copying them.</summary>
    public bool TryReadLengthDelimited(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadVarint(out var length) || length > (ulong)(_bytes.Length - _position)) return false;
        value = _bytes.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    /// <summary>Skips the value of a field of <paramref name="wireType"/>, as protobuf skips an unknown field.</summary>
    public bool TrySkip(int wireType)
    {
        switch (wireType)
        {
            case Varint: return TryReadVarint(out _);
            case Fixed64: return TryReadFixed64(out _);
            case LengthDelimited: return TryReadLengthDelimited(out _);
            case Fixed32: return TryReadFixed32(out _);
            default: return false;
        }
    }
}
