namespace Barge.Client.Batching;

/// <summary>Joins pre-serialized JSON items into a batch body: <c>{"objects":[...]}</c>, or a bare <c>[...]</c>.</summary>
internal static class BatchBody
{
    public static byte[] Build(string? wrapper, IReadOnlyList<byte[]> items)
    {
        var prefix = wrapper is null ? "["u8.ToArray() : System.Text.Encoding.UTF8.GetBytes($"{{\"{wrapper}\":[");
        var suffix = wrapper is null ? 1 : 2;
        var length = prefix.Length + suffix + Math.Max(items.Count - 1, 0);
        foreach (var item in items) length += item.Length;
        var body = new byte[length];
        prefix.CopyTo(body, 0);
        var at = prefix.Length;
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0) body[at++] = (byte)',';
            items[i].CopyTo(body, at);
            at += items[i].Length;
        }
        body[at++] = (byte)']';
        if (wrapper is not null) body[at] = (byte)'}';
        return body;
    }
}
