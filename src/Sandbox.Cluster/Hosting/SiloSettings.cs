using System.Net;

namespace Sandbox.Cluster.Hosting;

/// <summary>One silo: how many evaluation workers it hosts and where it listens.</summary>
public sealed record SiloSettings
{
    /// <summary>The cluster it joins.</summary>
    public required ClusterSettings Cluster { get; init; }

    /// <summary>Evaluation workers (grains evaluating at once).</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;

    /// <summary>Silo-to-silo port; clients connect to the gateway on the next port.</summary>
    public int Port { get; init; } = ClusterMembership.LocalhostPrimaryPort;

    /// <summary>Address the silo listens on and announces (loopback unless asked).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>Name in logs and live views.</summary>
    public string Name { get; init; } = Environment.MachineName;

    /// <summary>A fault to inject (tests): kill:N, stop:N or version.</summary>
    public string? TestFault { get; init; }
}
