using System.Globalization;
using System.Net;

namespace Barge.Server.Hosting;

/// <summary>Parses <c>host:port</c> (<c>127.0.0.1:8080</c>, <c>[::1]:0</c>, <c>localhost:8080</c>, <c>0.0.0.0:80</c>).</summary>
public static class ListenAddress
{
    public static IPEndPoint Parse(string value)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            throw new ArgumentException($"listen address must be host:port, got '{value}'");
        var host = value[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var ip) ? ip
            : throw new ArgumentException($"listen host must be an IP address or localhost, got '{host}'");
        return new IPEndPoint(address, port);
    }
}
