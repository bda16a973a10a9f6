namespace Sandbox.Evolution.Control;

/// <summary>
/// A policy produced an action that is not a number (its weights overflow float arithmetic): the policy is
/// at fault, not the program, so it is reported as bad input with the step where it happened.
/// </summary>
public sealed class NonFiniteActionException(int step)
    : Exception($"the policy produced a non-finite action at step {step}")
{
    /// <summary>The step (from 1) whose action was not finite.</summary>
    public int Step { get; } = step;
}
