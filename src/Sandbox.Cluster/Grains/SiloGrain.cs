using Microsoft.Extensions.Logging;
using Sandbox.Cluster.Placement;
using Sandbox.Cluster.Protocol;

namespace Sandbox.Cluster.Grains;

/// <summary>A silo's front desk: answers a client's hello with the silo's version and workers, refusing another protocol version.</summary>
[PinnedPlacement]
internal sealed class SiloGrain(SiloRuntime silo, ILogger<SiloGrain> log) : Grain, ISiloGrain
{
    public Task<byte[]> Describe(int clientProtocolVersion)
    {
        string? refusal = null;
        if (clientProtocolVersion != silo.ProtocolVersion)
        {
            refusal = $"silo {silo.Name} speaks protocol version {silo.ProtocolVersion}, the client {clientProtocolVersion}";
            ClusterLog.ClientRefused(log, refusal);
        }
        return Task.FromResult(new SiloDescription
        {
            ProtocolVersion = silo.ProtocolVersion,
            Workers = silo.Workers,
            Name = silo.Name,
            ProcessId = Environment.ProcessId,
            Refusal = refusal,
        }.ToBytes());
    }
}
