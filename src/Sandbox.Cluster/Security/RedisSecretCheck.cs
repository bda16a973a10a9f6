using System.Security.Cryptography;
using Sandbox.Cluster.Hosting;
using StackExchange.Redis;

namespace Sandbox.Cluster.Security;

/// <summary>
/// Before Orleans starts: Redis is reachable, and the secret matches the cluster's. The first silo of a cluster
/// records a salted HMAC of the secret under the cluster id; every later silo or client must match it, so a wrong
/// secret is one clear line at once rather than connections refused one by one.
/// </summary>
public static class RedisSecretCheck
{
    /// <summary>Checks (and, for a silo of a new cluster, records) the secret.</summary>
    /// <exception cref="ClusterException">Redis unreachable, or a secret that differs from the cluster's.</exception>
    public static async Task CheckAsync(ClusterMembership membership, string clusterId, ClusterSecret secret, bool isSilo)
    {
        ConnectionMultiplexer redis;
        try
        {
            var options = membership.RedisOptions();
            options.AbortOnConnectFail = true;
            options.ConnectRetry = 1;
            redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        }
        catch (RedisException e)
        {
            throw new ClusterException($"cannot reach Redis at {membership}: {FirstLine(e.Message)} (is redis-server running and reachable from here?)", e);
        }
        await using (redis.ConfigureAwait(false))
        {
            var db = redis.GetDatabase();
            string key = $"sandbox-cluster:{clusterId}:secret";
            try
            {
                if (isSilo)
                {
                    var salt = RandomNumberGenerator.GetBytes(16);
                    string record = Convert.ToBase64String(salt) + ":" + Convert.ToBase64String(secret.Sign("verifier"u8.ToArray(), salt));
                    await db.StringSetAsync(key, record, when: When.NotExists).ConfigureAwait(false);
                }
                string? stored = await db.StringGetAsync(key).ConfigureAwait(false);
                if (stored is null)
                {
                    return; // no silo yet: connecting finds none and says so
                }
                var parts = stored.Split(':');
                if (parts.Length != 2 || !CryptographicOperations.FixedTimeEquals(
                        Convert.FromBase64String(parts[1]), secret.Sign("verifier"u8.ToArray(), Convert.FromBase64String(parts[0]))))
                {
                    throw new ClusterException($"wrong cluster secret for cluster '{clusterId}' at {membership}: use the same {ClusterSecret.EnvironmentVariable} or --secret-file as its silos (or another --cluster-id)");
                }
            }
            catch (RedisException e)
            {
                throw new ClusterException($"cannot use Redis at {membership}: {FirstLine(e.Message)}", e);
            }
            catch (FormatException)
            {
                throw new ClusterException($"Redis at {membership} holds an unreadable secret record under {key}; delete it (redis-cli DEL {key}) and restart the silos");
            }
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
