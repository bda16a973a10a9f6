using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;

namespace Sandbox.Envs.Classic;

/// <summary>Registers the classic-control environments.</summary>
public static class ClassicEnvironments
{
    /// <summary>Physics provenance for CartPole: closed-form equations, no engine.</summary>
    public const string Physics = "closed-form cart-pole equations (Gymnasium classic_control, explicit Euler)";

    private static readonly float[] CartPoleHigh =
        [(float)(CartPolePhysics.XThreshold * 2), float.PositiveInfinity, (float)(CartPolePhysics.ThetaThreshold * 2), float.PositiveInfinity];

    /// <summary>CartPole's observation space: twice the termination thresholds, unbounded velocities.</summary>
    public static BoxSpace CartPoleObservationSpace { get; } = new(Array.ConvertAll(CartPoleHigh, h => -h), CartPoleHigh);

    /// <summary>Adds CartPole-v1 (and v0, its shorter predecessor) to <paramref name="registry"/>.</summary>
    public static EnvironmentRegistry Register(EnvironmentRegistry registry)
    {
        registry.Register(CartPole("CartPole-v1", 500, 475.0));
        registry.Register(CartPole("CartPole-v0", 200, 195.0));
        return registry;
    }

    private static EnvironmentSpec CartPole(string id, int maxSteps, double threshold) => new()
    {
        Id = id,
        ObservationSpace = CartPoleObservationSpace,
        ActionSpace = new DiscreteSpace(2),
        MaxEpisodeSteps = maxSteps,
        RewardThreshold = threshold,
        Physics = Physics,
        Description = "balance a pole on a cart by pushing it left or right",
        Factory = static (spec, lanes) => new CartPoleEnvironment(spec, lanes),
    };
}
