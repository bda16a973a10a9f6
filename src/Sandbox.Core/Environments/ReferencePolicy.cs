namespace Sandbox.Core.Environments;

/// <summary>The built-in policies <c>sandbox rollout</c> can run.</summary>
public enum ReferencePolicy
{
    /// <summary>Uniform random actions from the action space.</summary>
    Random,
    /// <summary>The no-op action: 0 for discrete spaces, zeros for boxes.</summary>
    Zero,
    /// <summary>The environment's heuristic or scripted gait.</summary>
    Heuristic,
}
