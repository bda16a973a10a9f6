using System.Numerics;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>Reward components and termination rules (envs.md §5.8 steps 7–9) on constructed situations.</summary>
public sealed class BipedalWalkerRewardTests
{
    [Fact]
    public void Reward_is_the_shaping_difference_minus_0_028_per_unit_of_clipped_action()
    {
        // Actions up to ±1.6 exercise the clip; the shaping is recomputed from the hull's x and
        // angle, so the only other term left is the energy cost, which must match bit for bit.
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 11);
        double previous = Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]);
        var random = new Random(5);
        int checkedSteps = 0;
        Span<double> costs = stackalloc double[4];
        for (int step = 0; step < 300 && !env.Terminated[0]; step++)
        {
            Span<float> action = env.ContinuousActions[..4];
            Walkers.FillActions(random, action, magnitude: 1.6f);
            // Gymnasium: reward -= 0.00035 * MOTORS_TORQUE * clip(|a|, 0, 1), one component at a time.
            for (int j = 0; j < 4; j++)
            {
                costs[j] = 0.00035 * 80 * Math.Clamp(Math.Abs((double)action[j]), 0.0, 1.0);
            }
            env.Step([0]);
            if (env.Terminated[0])
            {
                break;
            }
            double shaping = Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]);
            double expected = shaping - previous;
            foreach (double cost in costs)
            {
                expected -= cost;
            }
            Assert.Equal(expected, env.Rewards[0]);
            previous = shaping;
            checkedSteps++;
        }
        Assert.True(checkedSteps > 20, $"only {checkedSteps} steps before the walker fell");
    }

    [Fact]
    public void A_zero_action_costs_no_energy()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 2);
        double previous = Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]);
        env.ContinuousActions.Clear();
        env.Step([0]);
        Assert.Equal(Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]) - previous, env.Rewards[0]);
    }

    [Fact]
    public void Hull_touching_the_ground_ends_the_episode_with_minus_100()
    {
        // Fold the hips forward and the knees in with full torque: the walker pitches onto its hull.
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        int steps = 0;
        while (!env.Terminated[0] && steps < 500)
        {
            float[] action = steps < 25 ? [1f, -1f, 1f, -1f] : [-1f, -1f, -1f, -1f];
            action.CopyTo(env.ContinuousActions);
            env.Step([0]);
            steps++;
        }
        Assert.True(env.Terminated[0], "the walker did not fall");
        Assert.True(env.IsGameOver(0));
        Assert.True(env.HullPosition(0).X > 0);
        Assert.Equal(-100.0, env.Rewards[0]);
    }

    [Fact]
    public void Leaving_the_terrain_to_the_left_ends_the_episode_with_minus_100()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        WalkerLane lane = env.Lane(0);
        // A hard shove to the left and slightly up: the walker flies off the start of the terrain.
        lane.World.ApplyLinearImpulse(lane.HullBody, new Vector2(-400f, 40f), env.HullPosition(0), wake: true);
        env.ContinuousActions.Clear();
        int steps = 0;
        while (!env.Terminated[0] && steps < 100)
        {
            env.Step([0]);
            steps++;
        }
        Assert.True(env.Terminated[0]);
        Assert.True(env.HullPosition(0).X < 0);
        Assert.False(env.IsGameOver(0));
        Assert.Equal(-100.0, env.Rewards[0]);
    }

    [Fact]
    public void Passing_the_finish_line_terminates_without_replacing_the_reward()
    {
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 0);
        WalkerLane lane = env.Lane(0);
        env.ContinuousActions.Clear();
        // Carry the walker above the terrain: hold it up against gravity and push it right.
        double previous = Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]);
        int steps = 0;
        while (!env.Terminated[0] && steps < 400)
        {
            float lift = env.HullPosition(0).Y < 7f ? 2.0f : 1.1f;
            lane.World.ApplyLinearImpulse(lane.HullBody, new Vector2(1.5f, lift), env.HullPosition(0), wake: true);
            env.Step([0]);
            if (!env.Terminated[0])
            {
                previous = Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]);
            }
            steps++;
        }
        Assert.True(env.Terminated[0], "the walker never reached the finish");
        Assert.False(env.IsGameOver(0));
        Assert.True(env.HullPosition(0).X > 88.66666666666667);
        Assert.Equal(Walkers.Shaping(env.HullPosition(0).X, env.Observations[0]) - previous, env.Rewards[0]);
    }
}
