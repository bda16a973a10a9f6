using Sandbox.Core.Environments;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>The wind variants (enable_wind=True): indices drawn at reset, applied only while airborne.</summary>
public sealed class LunarLanderWindTests
{
    [Fact]
    public void Wind_changes_the_trajectory()
    {
        using var calm = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete);
        using var windy = LunarLanderSpecs.Create(LunarLanderSpecs.DiscreteWind);
        calm.Reset(0, 0);
        windy.Reset(0, 0);
        // The terrain and push come first, so they are the same; the reset step already felt the wind.
        Assert.Equal(calm.Lane(0).SmoothY, windy.Lane(0).SmoothY);
        Assert.Equal(calm.Lane(0).InitialForce, windy.Lane(0).InitialForce);
        Assert.NotEqual(calm.Observation(0), windy.Observation(0));
        for (int t = 0; t < 10; t++)
        {
            calm.Step(0, 0);
            windy.Step(0, 0);
        }
        Assert.True(Math.Abs(calm.Observations[0] - windy.Observations[0]) > 1e-3);
    }

    [Fact]
    public void Indices_repeat_for_a_seed_and_differ_across_seeds()
    {
        // Gymnasium's test_env_implementation: seeds 0, 10, 20, 30, 40.
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.DiscreteWind);
        var seen = new HashSet<(long, long)>();
        foreach (long seed in new long[] { 0, 10, 20, 30, 40 })
        {
            env.Reset(0, seed);
            var first = (env.Lane(0).WindIndex, env.Lane(0).TorqueIndex);
            env.Step(0, 2);
            env.Reset(0, seed);
            Assert.Equal(first, (env.Lane(0).WindIndex, env.Lane(0).TorqueIndex));
            Assert.True(seen.Add(first), $"seed {seed} repeats indices {first}");
            Assert.InRange(first.WindIndex, -9998, 9999);
            Assert.InRange(first.TorqueIndex, -9998, 9999);
        }
    }

    [Theory]
    [InlineData("LunarLander-v3-wind")]
    [InlineData("LunarLanderContinuous-v3-wind")]
    public void Wind_blows_only_while_no_leg_touches(string id)
    {
        EnvironmentSpec spec = LunarLanderSpecs.Registry.Get(id);
        using var env = LunarLanderSpecs.Create(spec);
        var controller = spec.Heuristic!();
        env.Reset(0, 0);
        int airborne = 0, grounded = 0;
        while (!env.Terminated[0] && !env.Truncated[0])
        {
            // The flags left by the previous world step decide, as in Gymnasium.
            bool touching = env.Lane(0).Leg0Contact || env.Lane(0).Leg1Contact;
            long wind = env.Lane(0).WindIndex;
            long torque = env.Lane(0).TorqueIndex;
            env.DiscreteActions[0] = controller.Act(env.Observations[..8], env.ContinuousActions[..spec.ActionSpace.FlatSize]);
            env.Step([0]);
            long expected = touching ? 0 : 1;
            Assert.Equal(wind + expected, env.Lane(0).WindIndex);
            Assert.Equal(torque + expected, env.Lane(0).TorqueIndex);
            if (touching)
            {
                grounded++;
            }
            else
            {
                airborne++;
            }
        }
        Assert.True(airborne > 50);
        Assert.True(grounded > 0);
    }
}
