using Microsoft.Extensions.Logging;
using Sandbox.Cluster.Placement;
using Sandbox.Cluster.Protocol;
using Sandbox.Engine.Protocol;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Cluster.Grains;

/// <summary>
/// An evaluation worker: one replica at a time (a new run's hello replaces the old one), evaluation on the
/// thread pool so the silo's scheduler stays responsive. Calls are not interleaved (Orleans runs one at a time).
/// </summary>
[PinnedPlacement]
internal sealed class EvaluationGrain(TaskRegistry tasks, SiloRuntime silo, ILogger<EvaluationGrain> log) : Grain, IEvaluationGrain
{
    private Replica? _replica;

    public async Task<byte[]> Prepare(byte[] hello)
    {
        HelloMessage message;
        try
        {
            message = ClusterProtocol.Decode<HelloMessage>(hello);
        }
        catch (ProtocolException e)
        {
            return ClusterProtocol.Encode(new RefusedMessage { Reason = e.Message, ProtocolVersion = ProtocolInfo.Version });
        }
        Drop();
        var (replica, refusal) = await Task.Run(() => Replica.Create(message, tasks)).ConfigureAwait(true);
        if (replica is null)
        {
            ClusterLog.HelloRefused(log, this.GetPrimaryKeyString(), refusal!);
            return ClusterProtocol.Encode(new RefusedMessage { Reason = refusal!, ProtocolVersion = ProtocolInfo.Version });
        }
        _replica = replica;
        ClusterLog.ReplicaReady(log, this.GetPrimaryKeyString(), replica.Token, replica.Generation);
        return ClusterProtocol.Encode(new ReadyMessage { ProtocolVersion = ProtocolInfo.Version, RunToken = replica.Token, ProcessId = Environment.ProcessId });
    }

    public async Task<byte[]> Evaluate(string runToken, byte[] generation, byte[] batch)
    {
        try
        {
            var g = ClusterProtocol.Decode<GenerationMessage>(generation);
            var b = ClusterProtocol.Decode<EvaluateMessage>(batch);
            if (_replica is not { } replica || !replica.IsAt(runToken, g.Generation))
            {
                return []; // the client sends the state, then the batch again
            }
            silo.OnBatch(line => ClusterLog.Fault(log, line));
            var results = await Task.Run(() => replica.Evaluate(g, b)).ConfigureAwait(true);
            return ClusterProtocol.Encode(results);
        }
        catch (ProtocolException e)
        {
            Drop();
            return ClusterProtocol.Encode(new FailureMessage { Reason = e.Message });
        }
    }

    public Task<bool> Tell(string runToken, byte[] generation, byte[] tell)
    {
        try
        {
            var g = ClusterProtocol.Decode<GenerationMessage>(generation);
            if (_replica is not { } replica || !replica.IsAt(runToken, g.Generation))
            {
                return Task.FromResult(false);
            }
            replica.Tell(g, ClusterProtocol.Decode<TellMessage>(tell));
            return Task.FromResult(true);
        }
        catch (ProtocolException e)
        {
            ClusterLog.ReplicaDropped(log, this.GetPrimaryKeyString(), e.Message);
            Drop();
            return Task.FromResult(false);
        }
    }

    private void Drop()
    {
        _replica?.Dispose();
        _replica = null;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Drop();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
