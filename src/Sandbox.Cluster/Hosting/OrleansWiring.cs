using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;
using Sandbox.Cluster.Security;

namespace Sandbox.Cluster.Hosting;

/// <summary>The Orleans settings silos and clients must agree on: cluster id, membership, the secret handshake and TLS.</summary>
internal static class OrleansWiring
{
    /// <summary>Service id shared by every Sandbox cluster (clusters are told apart by their cluster id).</summary>
    public const string ServiceId = "sandbox";

    /// <summary>Seconds the runtime waits for any grain call; the evaluator applies its own, shorter batch timeout.</summary>
    public static readonly TimeSpan ResponseTimeout = TimeSpan.FromHours(2);

    public static void ConfigureSilo(ISiloBuilder silo, ClusterSettings settings, SecretHandshake handshake, ConnectionDiagnosis diagnosis, IPAddress address, int port)
    {
        int gateway = port + 1;
        if (settings.Membership.IsLocalhost)
        {
            var primary = port == ClusterMembership.LocalhostPrimaryPort ? null : new IPEndPoint(IPAddress.Loopback, ClusterMembership.LocalhostPrimaryPort);
            silo.UseLocalhostClustering(port, gateway, primary, ServiceId, settings.ClusterId);
        }
        else
        {
            silo.UseRedisClustering(o => o.ConfigurationOptions = settings.Membership.RedisOptions());
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = ServiceId;
            });
            silo.ConfigureEndpoints(address, port, gateway, listenOnAnyHostAddress: false);
        }
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            // Evaluation saturates the cores: probes get a little slack, joining gives up early with a clear error.
            o.ProbeTimeout = TimeSpan.FromSeconds(3);
            o.NumMissedProbesLimit = 3;
            o.MaxJoinAttemptTime = TimeSpan.FromSeconds(30);
        });
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        silo.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromHours(4));
        if (settings.Certificate is { } certificate)
        {
            // Options configure in order and the first middleware added is the outermost: the diagnosis wraps TLS.
            silo.Services.Configure<SiloConnectionOptions>(o => o.ConfigureSiloOutboundConnection(b => b.Use(diagnosis.BeforeTls)));
            silo.UseTls(certificate, o =>
            {
                o.RemoteCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
                o.RemoteCertificateValidation = (remote, _, _) => remote.Thumbprint == certificate.Thumbprint;
            });
        }
        silo.Services.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(b => b.Use(handshake.Inbound));
            o.ConfigureGatewayInboundConnection(b => b.Use(handshake.Inbound));
            o.ConfigureSiloOutboundConnection(b => b.Use(diagnosis.AfterTls).Use(handshake.Outbound));
        });
    }

    public static void ConfigureClient(IClientBuilder client, ClusterSettings settings, SecretHandshake handshake, ConnectionDiagnosis diagnosis, int gatewayPort)
    {
        if (settings.Membership.IsLocalhost)
        {
            client.UseLocalhostClustering(gatewayPort, ServiceId, settings.ClusterId);
        }
        else
        {
            client.UseRedisClustering(o => o.ConfigurationOptions = settings.Membership.RedisOptions());
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = ServiceId;
            });
        }
        client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = ResponseTimeout);
        if (settings.Certificate is { } certificate)
        {
            client.Services.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(b => b.Use(diagnosis.BeforeTls)));
            client.UseTls(certificate, o =>
            {
                o.RemoteCertificateMode = Orleans.Connections.Security.RemoteCertificateMode.RequireCertificate;
                o.RemoteCertificateValidation = (remote, _, _) => remote.Thumbprint == certificate.Thumbprint;
            });
        }
        client.Services.Configure<ClientConnectionOptions>(o => o.ConfigureConnection(b => b.Use(diagnosis.AfterTls).Use(handshake.Outbound)));
    }
}
