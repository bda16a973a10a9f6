using System.CommandLine;
using Sandbox.Cluster.Hosting;
using Sandbox.Cluster.Security;

namespace Sandbox.Cli.Commands;

/// <summary>The options every cluster command shares (<c>silo</c>, <c>evolve --cluster</c>, <c>bench engine --cluster</c>).</summary>
internal sealed class ClusterOptions
{
    public Option<string?> Cluster { get; } = new("--cluster") { Description = "Cluster membership: redis://HOST:PORT or localhost (secret from SANDBOX_CLUSTER_SECRET or --secret-file)" };
    public Option<string> ClusterId { get; } = new("--cluster-id") { Description = "Separates clusters sharing a Redis", DefaultValueFactory = _ => ClusterSettings.DefaultClusterId };
    public Option<string?> SecretFile { get; } = new("--secret-file") { Description = "File holding the cluster secret (default: SANDBOX_CLUSTER_SECRET)" };
    public Option<string?> Certificate { get; } = new("--tls-certificate") { Description = "PKCS#12 certificate for TLS between silos and clients (the same file everywhere; password in SANDBOX_TLS_PASSWORD)" };

    public IEnumerable<Option> All => [Cluster, ClusterId, SecretFile, Certificate];

    /// <summary>The settings, or null when <c>--cluster</c> was not given.</summary>
    /// <exception cref="Sandbox.Cluster.ClusterException">A bad value, a missing secret or an unreadable certificate.</exception>
    public ClusterSettings? Resolve(ParseResult parse)
    {
        if (parse.GetValue(Cluster) is not { } cluster)
        {
            foreach (var option in new Option[] { SecretFile, Certificate })
            {
                if (parse.GetResult(option) is not null)
                {
                    throw new UsageException($"{option.Name} needs --cluster");
                }
            }
            return null;
        }
        return new ClusterSettings
        {
            Membership = ClusterMembership.Parse(cluster),
            ClusterId = ClusterSettings.CheckClusterId(parse.GetValue(ClusterId)!),
            Secret = ClusterSecret.Load(parse.GetValue(SecretFile)),
            Certificate = parse.GetValue(Certificate) is { } file ? ClusterSettings.LoadCertificate(file) : null,
        };
    }
}
