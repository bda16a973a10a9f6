namespace Sandbox.Core.Environments;

/// <summary>
/// A built-in controller that maps observations to actions (the environment's heuristic or scripted
/// gait). It may keep state within an episode; <see cref="Reset"/> starts a new one.
/// </summary>
public interface IReferenceController
{
    /// <summary>Clears per-episode state.</summary>
    void Reset();

    /// <summary>Chooses the action for <paramref name="observation"/>: writes <paramref name="continuous"/> or returns the discrete action.</summary>
    int Act(ReadOnlySpan<float> observation, Span<float> continuous);
}
