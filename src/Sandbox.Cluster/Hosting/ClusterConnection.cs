using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sandbox.Cluster.Grains;
using Sandbox.Cluster.Placement;
using Sandbox.Cluster.Protocol;
using Sandbox.Cluster.Security;

namespace Sandbox.Cluster.Hosting;

/// <summary>
/// A client connected to a cluster, checked before a run writes anything: Redis reachable, the secret accepted,
/// at least one silo, and every silo speaking this protocol version.
/// </summary>
public sealed class ClusterConnection : IDisposable
{
    private readonly IHost _host;

    private ClusterConnection(IHost host, ClusterSettings settings)
    {
        _host = host;
        Settings = settings;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>The connected client.</summary>
    public IClusterClient Client { get; }

    /// <summary>What the connection was made with.</summary>
    public ClusterSettings Settings { get; }

    /// <summary>The silos found when connecting (address key → description).</summary>
    public IReadOnlyDictionary<string, SiloDescription> Silos { get; private set; } = new Dictionary<string, SiloDescription>();

    /// <summary>The protocol version this client announces (a test may claim another one).</summary>
    public int ProtocolVersion { get; private init; } = ClusterProtocol.Combined;

    /// <summary>Connects and checks the cluster.</summary>
    /// <param name="settings">Membership, cluster id, secret, TLS.</param>
    /// <param name="gatewayPort">Gateway port for localhost clustering (a silo's port + 1).</param>
    /// <param name="announcedVersion">The version to announce (tests claim another one; normally <see cref="ClusterProtocol.Combined"/>).</param>
    /// <exception cref="ClusterException">Anything that makes the cluster unusable, in one line.</exception>
    public static ClusterConnection Connect(ClusterSettings settings, int gatewayPort = ClusterMembership.LocalhostPrimaryPort + 1, int? announcedVersion = null) =>
        ConnectAsync(settings, gatewayPort, announcedVersion ?? ClusterProtocol.Combined).GetAwaiter().GetResult();

    private static async Task<ClusterConnection> ConnectAsync(ClusterSettings settings, int gatewayPort, int version)
    {
        if (!settings.Membership.IsLocalhost)
        {
            await RedisSecretCheck.CheckAsync(settings.Membership, settings.ClusterId, settings.Secret, isSilo: false).ConfigureAwait(false);
        }
        var diagnosis = new ConnectionDiagnosis();
        var handshake = new SecretHandshake(settings.Secret, settings.ClusterId, NullLogger.Instance, diagnosis, tls: settings.Certificate is not null);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => OrleansWiring.ConfigureClient(client, settings, handshake, diagnosis, gatewayPort));
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            // Orleans would retry a silo that fails TLS or never greets until the timeout; the first such failure says enough.
            void GiveUp(string _)
            {
                try
                {
                    timeout.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // connected already; a later failed connection is Orleans' to retry
                }
            }
            diagnosis.Failed += GiveUp;
            try
            {
                await host.StartAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                throw new ClusterException(handshake.RefusedBy
                    ?? (diagnosis.Failure is { } failure ? $"cannot connect to cluster '{settings.ClusterId}' at {settings.Membership}: {failure}" : null)
                    ?? $"no silo of cluster '{settings.ClusterId}' reachable through {settings.Membership} ({FirstLine(e)}); start one with ./sandbox silo --cluster {settings.Membership}", e);
            }
            finally
            {
                diagnosis.Failed -= GiveUp;
            }
            var connection = new ClusterConnection(host, settings) { ProtocolVersion = version };
            connection.Silos = await connection.DescribeSilosAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            if (connection.Silos.Count == 0)
            {
                throw new ClusterException($"cluster '{settings.ClusterId}' at {settings.Membership} has no active silo; start one with ./sandbox silo --cluster {settings.Membership}");
            }
            return connection;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The active silos and their descriptions; a silo that refuses this client's version is an error.</summary>
    /// <exception cref="ClusterException">A silo refused this client.</exception>
    internal async Task<Dictionary<string, SiloDescription>> DescribeSilosAsync(TimeSpan timeout)
    {
        var hosts = await Client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(timeout).ConfigureAwait(false);
        var found = new Dictionary<string, SiloDescription>();
        foreach (var silo in hosts.Keys)
        {
            var description = await DescribeAsync(GrainKeys.Silo(silo), timeout).ConfigureAwait(false);
            if (description is not null)
            {
                found[GrainKeys.Silo(silo)] = description;
            }
        }
        return found;
    }

    /// <summary>One silo's description, or null when it does not answer in time.</summary>
    /// <exception cref="ClusterException">The silo refused this client.</exception>
    internal async Task<SiloDescription?> DescribeAsync(string siloKey, TimeSpan timeout)
    {
        SiloDescription description;
        try
        {
            var bytes = await Client.GetGrain<ISiloGrain>(siloKey).Describe(ProtocolVersion).WaitAsync(timeout).ConfigureAwait(false);
            description = SiloDescription.FromBytes(bytes);
        }
        catch (Exception e) when (e is not ClusterException)
        {
            return null;
        }
        if (description.Refusal is not null || description.ProtocolVersion != ProtocolVersion)
        {
            throw new ClusterException(description.Refusal ?? $"silo {description.Name} speaks protocol version {description.ProtocolVersion}, this client {ProtocolVersion}; run the same Sandbox build everywhere");
        }
        return description;
    }

    private static string FirstLine(Exception e)
    {
        while (e.InnerException is not null && e is AggregateException or OperationCanceledException)
        {
            e = e.InnerException;
        }
        return e.Message.Split('\n')[0].Trim();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _host.StopAsync(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is OperationCanceledException or OrleansException or TimeoutException)
        {
            // The cluster is gone; nothing left to close politely.
        }
        _host.Dispose();
    }
}
