using Orleans.Placement;

namespace Sandbox.Cluster.Placement;

/// <summary>Placement on the silo named in the grain key (<see cref="GrainKeys"/>): a worker never moves to another machine.</summary>
[GenerateSerializer, Immutable]
public sealed class PinnedPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static PinnedPlacement Instance { get; } = new();
}

/// <summary>Marks grains placed by <see cref="PinnedPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PinnedPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public PinnedPlacementAttribute() : base(PinnedPlacement.Instance)
    {
    }
}
