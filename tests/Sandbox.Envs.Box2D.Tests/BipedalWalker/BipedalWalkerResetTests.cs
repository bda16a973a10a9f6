using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>The reset (world build plus Gymnasium's internal no-op step) against envs.md §5.11 and §5.5.</summary>
public sealed class BipedalWalkerResetTests
{
    // Measured with Gymnasium on pybox2d's Box2D 2.3.0; this port runs Debian's 2.3.1. The values
    // came out bit-identical except index 11 (knee +1 angle + 1), which is 2 float ULPs away (1.2e-7).
    private static readonly float[] Seed0Observation =
    [
        0.0027472877f, -2.5883757e-05f, 0.0020134954f, -0.015999828f, 0.091794893f, -0.0026571243f, 0.86036348f,
        0.0033659961f, 1f, 0.032199565f, -0.0026569467f, 0.85391486f, 0.0018791468f, 1f, 0.4408142f, 0.4458203f,
        0.46142298f, 0.48955038f, 0.53410304f, 0.60246128f, 0.70914918f, 0.88593221f, 1f, 1f,
    ];

    [Fact]
    public void Normal_seed_0_reset_observation_matches_gymnasium()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        float[] observation = env.Observations.ToArray();
        for (int i = 0; i < observation.Length; i++)
        {
            Assert.True(Math.Abs(observation[i] - Seed0Observation[i]) <= 1e-5,
                $"observation[{i}] = {observation[i]:R}, Gymnasium {Seed0Observation[i]:R}");
        }
    }

    [Fact]
    public void Reset_settles_the_hull_near_its_start_without_counting_a_step()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        Assert.Equal(4.664, env.HullPosition(0).X, 0.01);
        Assert.Equal(5.684, env.HullPosition(0).Y, 0.01);
        Assert.Equal(0, env.ElapsedSteps[0]);
        Assert.Equal(0.0, env.Rewards[0]);
        Assert.False(env.Terminated[0]);
        Assert.False(env.IsGameOver(0));
    }

    [Fact]
    public void Hardcore_world_holds_obstacles_edges_and_walker()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Hardcore, 1);
        env.Reset(0, 0);
        Assert.Equal(27, env.Terrain(0).ObstacleCount);
        Assert.Equal(27 + 199 + 5, env.Lane(0).World.BodyCount);
        Assert.Equal(4, env.Lane(0).World.JointCount);
    }

    [Fact]
    public void Normal_world_holds_199_edges_and_the_walker()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 3);
        Assert.Equal(199 + 5, env.Lane(0).World.BodyCount);
    }
}
