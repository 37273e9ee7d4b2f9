using System.Security.Cryptography;
using System.Text;
using Barge.Server.Hosting;

namespace Barge.Server.Auth;

/// <summary>
/// Maps API keys to users the way Weaviate does: one user for all keys, or key <c>i</c> to user <c>i</c>.
/// Keys are compared as SHA-256 digests in constant time so that timing does not leak a key's prefix.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly (byte[] Digest, string User, string LogName)[] _keys;

    public ApiKeyAuthenticator(AuthOptions options)
    {
        if (!options.ApiKeyEnabled) { _keys = []; return; }
        if (options.ApiKeys.Count == 0)
            throw new ArgumentException("AUTHENTICATION_APIKEY_ENABLED is true but AUTHENTICATION_APIKEY_ALLOWED_KEYS is empty");
        var users = options.ApiKeyUsers;
        if (users.Count != 0 && users.Count != 1 && users.Count != options.ApiKeys.Count)
            throw new ArgumentException("AUTHENTICATION_APIKEY_USERS must name one user for all keys or one user per key");
        // Without user names a key is its own user (as in Weaviate); logs then name it by its place in the list.
        _keys = options.ApiKeys.Select((k, i) => users.Count == 0 ? (Digest(k), k, $"apikey#{i + 1}")
            : users.Count == 1 ? (Digest(k), users[0], users[0]) : (Digest(k), users[i], users[i])).ToArray();
    }

    public Principal? Authenticate(string token)
    {
        var digest = Digest(token);
        Principal? found = null;
        foreach (var (keyDigest, user, logName) in _keys)
            if (CryptographicOperations.FixedTimeEquals(keyDigest, digest)) found = new Principal(user, false) { LogName = logName };
        return found;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
