using System.Security.Cryptography;
using System.Text;

namespace Sandbox.Cluster.Security;

/// <summary>
/// The shared secret every silo and client of a cluster presents. It comes from the environment variable
/// <see cref="EnvironmentVariable"/> or a file, never from a command-line argument (visible to every user in <c>ps</c>).
/// </summary>
public sealed class ClusterSecret
{
    /// <summary>The environment variable holding the secret.</summary>
    public const string EnvironmentVariable = "SANDBOX_CLUSTER_SECRET";

    /// <summary>Shortest secret accepted (characters).</summary>
    public const int MinimumLength = 16;

    private ClusterSecret(byte[] key) => Key = key;

    /// <summary>The HMAC key derived from the secret.</summary>
    internal byte[] Key { get; }

    /// <summary>Reads the secret from <paramref name="file"/> when given, else from the environment.</summary>
    /// <exception cref="ClusterException">No secret, an unreadable file or a secret too short to protect anything.</exception>
    public static ClusterSecret Load(string? file)
    {
        string? text;
        string source;
        if (file is not null)
        {
            source = $"--secret-file '{file}'";
            try
            {
                text = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ClusterException($"{source}: cannot read it ({e.Message})");
            }
        }
        else
        {
            source = EnvironmentVariable;
            text = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                throw new ClusterException($"no cluster secret: set {EnvironmentVariable} or give --secret-file FILE (the same secret on every silo and client)");
            }
        }
        if (text.Length < MinimumLength)
        {
            throw new ClusterException($"{source}: the cluster secret must have at least {MinimumLength} characters (try: openssl rand -hex 32)");
        }
        return new ClusterSecret(SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-cluster-secret\n" + text)));
    }

    /// <summary>HMAC-SHA256 of the parts under the secret.</summary>
    internal byte[] Sign(params ReadOnlySpan<byte[]> parts)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Key);
        foreach (var part in parts)
        {
            hmac.AppendData(part);
        }
        return hmac.GetHashAndReset();
    }
}
