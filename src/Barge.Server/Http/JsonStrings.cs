using System.Text.Json;
using System.Text.Unicode;

namespace Barge.Server.Http;

/// <summary>
/// String checks System.Text.Json leaves until a string is read, which would surface as an exception deep in a
/// handler (a 500). Weaviate's Go decoder replaces lone UTF-16 surrogate escapes with U+FFFD, so Barge repairs
/// those the same way; raw bytes that are not UTF-8 are refused up front instead.
/// </summary>
public static class JsonStrings
{
    /// <summary>
    /// Rewrites every <c>\uD800</c>–<c>\uDFFF</c> escape that is not part of a high+low pair to <c>\uFFFD</c>, in place
    /// (both are six bytes, so positions in error messages stay true). Only escapes inside strings are touched.
    /// </summary>
    public static void RepairLoneSurrogates(Span<byte> json)
    {
        // Nearly every body has no \u escape at all: one vectorized search instead of a byte-by-byte walk.
        if (json.IndexOf("\\u"u8) < 0) return;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (!inString) { inString = b == '"'; continue; }
            if (b == '"') { inString = false; continue; }
            if (b != '\\' || i + 1 >= json.Length) continue;
            if (json[i + 1] != 'u') { i++; continue; }
            if (Surrogate(json, i) is not { } high) { i += 1; continue; }
            if (high && Surrogate(json, i + 6) is false) { i += 11; continue; }
            "\\uFFFD"u8.CopyTo(json[i..]);
            i += 5;
        }
    }

    /// <summary>The text of the first string or property name that is not valid UTF-8, or null when all are.</summary>
    public static string? FindInvalidUtf8(ReadOnlySpan<byte> json, JsonReaderOptions options)
    {
        // Lone surrogate escapes are repaired before parsing, so strings can only be invalid through raw bytes: a body
        // that is valid UTF-8 as a whole (one vectorized check) needs no walk through its tokens.
        if (Utf8.IsValid(json)) return null;
        var reader = new Utf8JsonReader(json, options);
        while (reader.Read())
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) continue;
            if (reader.ValueIsEscaped)
            {
                try { reader.GetString(); }
                catch (InvalidOperationException ex) { return ex.Message; }
            }
            else if (!Utf8.IsValid(reader.ValueSpan)) return $"invalid UTF-8 in a string at byte {reader.TokenStartIndex}";
        }
        return null;
    }

    /// <summary>For <c>\uXXXX</c> at <paramref name="at"/>: true for a high surrogate, false for a low one, null otherwise.</summary>
    private static bool? Surrogate(ReadOnlySpan<byte> json, int at)
    {
        if (at + 6 > json.Length || json[at] != '\\' || json[at + 1] != 'u') return null;
        var code = 0;
        for (var k = at + 2; k < at + 6; k++)
        {
            var digit = HexValue(json[k]);
            if (digit < 0) return null;
            code = code * 16 + digit;
        }
        return code switch
        {
            >= 0xD800 and <= 0xDBFF => true,
            >= 0xDC00 and <= 0xDFFF => false,
            _ => null,
        };
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
