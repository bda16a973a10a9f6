using Sandbox.Core.Spaces;

namespace Sandbox.Core.Environments;

/// <summary>
/// A registered environment id: its spaces, Gymnasium's registration values (time limit, reward
/// threshold), the physics it runs on, and how to build it.
/// </summary>
public sealed record EnvironmentSpec
{
    /// <summary>The id users type, e.g. <c>CartPole-v1</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Observation space.</summary>
    public required Space ObservationSpace { get; init; }

    /// <summary>Action space.</summary>
    public required Space ActionSpace { get; init; }

    /// <summary>Time limit in agent steps (Gymnasium's <c>max_episode_steps</c>).</summary>
    public required int MaxEpisodeSteps { get; init; }

    /// <summary>Mean return over 100 episodes at which the task counts as solved.</summary>
    public required double RewardThreshold { get; init; }

    /// <summary>The physics behind the dynamics, recorded in provenance (e.g. <c>Box2D 2.3.1</c>).</summary>
    public required string Physics { get; init; }

    /// <summary>One line for listings.</summary>
    public string Description { get; init; } = "";

    /// <summary>Creates a vectorized instance with the given number of lanes.</summary>
    public required Func<EnvironmentSpec, int, IVectorEnvironment> Factory { get; init; }

    /// <summary>A built-in reference controller (heuristic or scripted gait), if the environment has one.</summary>
    public Func<IReferenceController>? Heuristic { get; init; }

    /// <summary>Builds <paramref name="lanes"/> copies of this environment.</summary>
    public IVectorEnvironment CreateVector(int lanes) => Factory(this, lanes);

    /// <summary>Builds a single environment with Gymnasium's reset/step interface.</summary>
    public SingleEnvironment Create() => new(CreateVector(1));
}
