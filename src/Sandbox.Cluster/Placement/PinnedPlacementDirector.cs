using Orleans.Runtime.Placement;

namespace Sandbox.Cluster.Placement;

/// <summary>
/// Places a grain on the silo its key names, or refuses: a worker of a silo that died is never re-created
/// elsewhere (where it would double that silo's load); the client re-queues its batch instead.
/// </summary>
internal sealed class PinnedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        string silo = GrainKeys.SiloOf(target.GrainIdentity.Key.ToString()!);
        foreach (var candidate in context.GetCompatibleSilos(target))
        {
            if (candidate.ToParsableString() == silo)
            {
                return Task.FromResult(candidate);
            }
        }
        throw new OrleansException($"silo {silo} is not an active member of the cluster");
    }
}
