using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.LunarLander;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>The registered LunarLander specs, and small helpers shared by the tests.</summary>
internal static class LunarLanderSpecs
{
    public static EnvironmentRegistry Registry { get; } = LunarLanderEnvironments.Register(new EnvironmentRegistry());

    public static EnvironmentSpec Discrete => Registry.Get("LunarLander-v3");

    public static EnvironmentSpec Continuous => Registry.Get("LunarLanderContinuous-v3");

    public static EnvironmentSpec DiscreteWind => Registry.Get("LunarLander-v3-wind");

    public static EnvironmentSpec ContinuousWind => Registry.Get("LunarLanderContinuous-v3-wind");

    public static LunarLanderEnvironment Create(EnvironmentSpec spec, int lanes = 1) => (LunarLanderEnvironment)spec.CreateVector(lanes);

    /// <summary>Steps one lane with a discrete action.</summary>
    public static void Step(this LunarLanderEnvironment env, int lane, int action)
    {
        env.DiscreteActions[lane] = action;
        env.Step([lane]);
    }

    /// <summary>Steps one lane with a continuous action.</summary>
    public static void Step(this LunarLanderEnvironment env, int lane, float main, float lateral)
    {
        env.ContinuousActions[2 * lane] = main;
        env.ContinuousActions[2 * lane + 1] = lateral;
        env.Step([lane]);
    }

    public static float[] Observation(this LunarLanderEnvironment env, int lane) => env.Observations.Slice(lane * 8, 8).ToArray();
}
