using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;

namespace Sandbox.Envs.Box2D.BipedalWalker;

/// <summary>Registers BipedalWalker-v3 and BipedalWalkerHardcore-v3 (envs.md §5.1).</summary>
public static class BipedalWalkerEnvironments
{
    /// <summary>
    /// Physics provenance recorded with every run: Box2D 2.3.1 and which build of it this process
    /// uses (<see cref="Native.Box2DBuild"/>). Choosing never loads the native library; the binding
    /// checks the version when the first world is made.
    /// </summary>
    public static string Physics => Native.Box2DBuild.Selected.Physics;

    private const float Pi = (float)Math.PI;

    /// <summary>Gymnasium's observation bounds; the two contact entries have high 5 (envs.md §5.9).</summary>
    public static BoxSpace ObservationSpace { get; } = new(
        [-Pi, -5f, -5f, -5f, -Pi, -5f, -Pi, -5f, -0f, -Pi, -5f, -Pi, -5f, -0f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f, -1f],
        [Pi, 5f, 5f, 5f, Pi, 5f, Pi, 5f, 5f, Pi, 5f, Pi, 5f, 5f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f]);

    /// <summary>Motor commands for hip −1, knee −1, hip +1, knee +1.</summary>
    public static BoxSpace ActionSpace { get; } = BoxSpace.Uniform(4, -1f, 1f);

    /// <summary>Adds both ids to <paramref name="registry"/>.</summary>
    public static EnvironmentRegistry Register(EnvironmentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(Walker("BipedalWalker-v3", 1600, hardcore: false,
            "walk a 4-joint biped over gently uneven terrain with lidar"));
        registry.Register(Walker("BipedalWalkerHardcore-v3", 2000, hardcore: true,
            "walk a 4-joint biped over stumps, stairs and pits with lidar"));
        return registry;
    }

    private static EnvironmentSpec Walker(string id, int maxSteps, bool hardcore, string description) => new()
    {
        Id = id,
        ObservationSpace = ObservationSpace,
        ActionSpace = ActionSpace,
        MaxEpisodeSteps = maxSteps,
        RewardThreshold = 300,
        Physics = Physics,
        Description = description,
        Factory = hardcore
            ? static (spec, lanes) => new BipedalWalkerEnvironment(spec, lanes, hardcore: true)
            : static (spec, lanes) => new BipedalWalkerEnvironment(spec, lanes, hardcore: false),
        Heuristic = static () => new BipedalWalkerHeuristic(),
    };
}
