using System.Globalization;
using System.Net;

namespace Sandbox.Cluster.Hosting;

/// <summary>
/// Where silos find each other: <c>redis://HOST:PORT</c> (Redis membership, for real deployments) or
/// <c>localhost</c> (Orleans' development clustering: one machine, the silo on port 11111 is the primary).
/// </summary>
public sealed record ClusterMembership(string? RedisHost, int RedisPort)
{
    /// <summary>Silo port of the primary silo in localhost clustering.</summary>
    public const int LocalhostPrimaryPort = 11111;

    /// <summary>Whether this is the development clustering on one machine.</summary>
    public bool IsLocalhost => RedisHost is null;

    /// <summary>Parses the <c>--cluster</c> value.</summary>
    /// <exception cref="ClusterException">Anything else.</exception>
    public static ClusterMembership Parse(string value)
    {
        if (value == "localhost")
        {
            return new ClusterMembership(null, 0);
        }
        if (value.StartsWith("redis://", StringComparison.Ordinal)
            && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.AbsolutePath is "" or "/"
            && uri.UserInfo.Length == 0)
        {
            return new ClusterMembership(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        }
        throw new ClusterException($"--cluster '{value}': expected redis://HOST:PORT (Redis membership) or localhost (one machine); a Redis password goes in SANDBOX_REDIS_PASSWORD");
    }

    /// <summary>The StackExchange.Redis configuration (password from <c>SANDBOX_REDIS_PASSWORD</c>).</summary>
    public StackExchange.Redis.ConfigurationOptions RedisOptions()
    {
        var options = new StackExchange.Redis.ConfigurationOptions
        {
            AbortOnConnectFail = false,
            ConnectTimeout = 5000,
            Password = Environment.GetEnvironmentVariable("SANDBOX_REDIS_PASSWORD"),
        };
        options.EndPoints.Add(RedisHost!, RedisPort);
        return options;
    }

    /// <inheritdoc />
    public override string ToString() => IsLocalhost ? "localhost" : $"redis://{RedisHost}:{RedisPort.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The loopback address (silos never listen elsewhere unless asked).</summary>
    public static IPAddress Loopback => IPAddress.Loopback;
}
