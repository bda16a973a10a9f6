namespace Sandbox.Evolution.Configuration;

/// <summary>Settings of control tasks (environments) that are not the environment id or episode count.</summary>
public sealed record ControlConfig
{
    /// <summary>Normalise observations with running statistics gathered from the training rollouts (frozen within a generation).</summary>
    public bool ObservationNormalization { get; init; }

    /// <summary>
    /// Training-only fitness shaping: each step's reward counts as at least this much towards a training
    /// candidate's fitness (null: off). A large terminal penalty (BipedalWalker's −100 for a fall) otherwise
    /// makes standing still the safest optimum for a long time; validation, replay and the reported
    /// <c>return</c> metric always use the environment's true reward.
    /// </summary>
    public double? RewardFloor { get; init; }

    /// <summary>
    /// The floor shapes the first this-many generations only (null: every generation). Cheap falls get a walker
    /// off the stand-still optimum; afterwards the true reward makes it stop risking them.
    /// </summary>
    public int? RewardFloorGenerations { get; init; }
}
