namespace Sandbox.Evolution.Configuration;

/// <summary>Settings of control tasks (environments) that are not the environment id or episode count.</summary>
public sealed record ControlConfig
{
    /// <summary>Normalise observations with running statistics gathered from the training rollouts (frozen within a generation).</summary>
    public bool ObservationNormalization { get; init; }
}
