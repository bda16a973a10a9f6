namespace Sandbox.Evolution.Evaluation;

/// <summary>
/// Evaluation cannot go on: the same work failed the same way on fresh replicas as many times as allowed
/// (a deterministic failure, such as a device the replicas cannot use), so the run stops with the replica's
/// own error instead of retrying forever. The run writes its checkpoint before this reaches the caller.
/// </summary>
public sealed class EvaluationFailedException(string message, bool badInput, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The replica reported bad input (for example an unavailable device), not a fault of its own.</summary>
    public bool BadInput { get; } = badInput;
}
