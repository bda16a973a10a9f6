using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;

namespace Sandbox.Envs.Box2D.LunarLander;

/// <summary>Registers LunarLander-v3, LunarLanderContinuous-v3 and their wind variants.</summary>
public static class LunarLanderEnvironments
{
    /// <summary>
    /// Physics provenance recorded with every run: Box2D 2.3.1 and which build of it this process
    /// uses (<see cref="Native.Box2DBuild"/>). Choosing never loads the native library; the binding
    /// checks the version when the first world is made.
    /// </summary>
    public static string Physics => Native.Box2DBuild.Selected.Physics;

    /// <summary>Gymnasium's time limit for both versions.</summary>
    public const int MaxEpisodeSteps = 1000;

    /// <summary>Gymnasium's reward threshold for both versions.</summary>
    public const double RewardThreshold = 200;

    private static readonly float TwoPi = (float)(2 * Math.PI);

    /// <summary>The v3 observation bounds (Gymnasium PR #980): ±2.5, ±10, ±2π; leg flags in [−0, 1].</summary>
    public static BoxSpace ObservationSpace { get; } = new(
        [-2.5f, -2.5f, -10f, -10f, -TwoPi, -10f, -0f, -0f],
        [2.5f, 2.5f, 10f, 10f, TwoPi, 10f, 1f, 1f]);

    /// <summary>The continuous action space Box(−1, 1, (2,)): main throttle, lateral throttle.</summary>
    public static BoxSpace ContinuousActionSpace { get; } = BoxSpace.Uniform(2, -1f, 1f);

    /// <summary>Adds the four LunarLander ids to <paramref name="registry"/> and returns it.</summary>
    public static EnvironmentRegistry Register(EnvironmentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(Spec("LunarLander-v3", new LunarLanderOptions(),
            "land between the flags: Discrete(4) engines, Box2D"));
        registry.Register(Spec("LunarLanderContinuous-v3", new LunarLanderOptions { Continuous = true },
            "land between the flags: throttles Box(-1, 1, (2,)), Box2D"));
        registry.Register(Spec("LunarLander-v3-wind", new LunarLanderOptions { EnableWind = true },
            "LunarLander-v3 with enable_wind=True (wind 15, turbulence 1.5)"));
        registry.Register(Spec("LunarLanderContinuous-v3-wind", new LunarLanderOptions { Continuous = true, EnableWind = true },
            "LunarLanderContinuous-v3 with enable_wind=True (wind 15, turbulence 1.5)"));
        return registry;
    }

    /// <summary>A spec for LunarLander with arbitrary constructor arguments (for gravity or wind studies).</summary>
    public static EnvironmentSpec Spec(string id, LunarLanderOptions options, string description = "")
    {
        ArgumentNullException.ThrowIfNull(options);
        bool continuous = options.Continuous;
        return new EnvironmentSpec
        {
            Id = id,
            ObservationSpace = ObservationSpace,
            ActionSpace = continuous ? ContinuousActionSpace : new DiscreteSpace(4),
            MaxEpisodeSteps = MaxEpisodeSteps,
            RewardThreshold = RewardThreshold,
            Physics = Physics,
            Description = description,
            Factory = (spec, lanes) => new LunarLanderEnvironment(spec, lanes, options),
            Heuristic = () => new LunarLanderHeuristic(continuous),
        };
    }
}
