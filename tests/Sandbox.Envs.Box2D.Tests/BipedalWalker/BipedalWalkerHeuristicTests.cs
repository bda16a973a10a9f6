using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>The scripted gait's demo-loop timing and Python truthiness (envs.md §6.2).</summary>
public sealed class BipedalWalkerHeuristicTests
{
    [Fact]
    public void First_action_after_reset_is_zeros_and_ignores_the_observation()
    {
        var heuristic = new BipedalWalkerHeuristic();
        float[] observation = [.. Enumerable.Repeat(0.7f, 24)];
        float[] action = [9f, 9f, 9f, 9f];
        heuristic.Act(observation, action);
        Assert.Equal([0f, 0f, 0f, 0f], action);

        heuristic.Act(observation, action);
        Assert.NotEqual([0f, 0f, 0f, 0f], action);

        heuristic.Reset();
        heuristic.Act(observation, action);
        Assert.Equal([0f, 0f, 0f, 0f], action);
    }

    [Fact]
    public void A_target_of_exactly_zero_counts_as_none()
    {
        // Supporting hip behind (s9 < 0.1) → PUT_OTHER_DOWN; moving leg 0 touches (s8) → PUSH_OFF
        // with supporting_knee_angle = min(s6, 0.1) = 0.0, which is falsy: knee_todo[0] keeps only
        // the damping term and ignores s6 and s7.
        var heuristic = new BipedalWalkerHeuristic();
        var s = new float[24];
        s[3] = 0.02f;
        s[7] = 0.4f;
        s[8] = 1f;
        s[11] = 0.5f;
        s[12] = -0.2f;
        Span<double> action = stackalloc double[4];
        heuristic.Next(s, action);

        Assert.Equal(Math.Clamp(0.5 * (0.0 - 15.0 * s[3]), -1, 1), action[1]);
        double knee1 = 4.0 * (1.0 - s[11]) - 0.25 * s[12];
        Assert.Equal(Math.Clamp(0.5 * (knee1 - 15.0 * s[3]), -1, 1), action[3]);
    }

    [Fact]
    public void Rollout_heuristic_is_the_demo_loop()
    {
        // The demo loop: a = 0; repeat { s, r = step(a); a = heuristic(s) } — written out by hand.
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, 1);
        env.Reset(0, 3);
        var heuristic = new BipedalWalkerHeuristic();
        heuristic.Reset();
        Span<double> a = stackalloc double[4];
        a.Clear();
        double total = 0;
        int steps = 0;
        while (true)
        {
            for (int i = 0; i < 4; i++)
            {
                env.ContinuousActions[i] = (float)a[i];
            }
            env.Step([0]);
            total += env.Rewards[0];
            steps++;
            if (env.Terminated[0] || env.Truncated[0])
            {
                break;
            }
            heuristic.Next(env.Observations[..24], a);
        }

        RolloutStatistics stats = ReferenceRollout.Run(Walkers.Normal, ReferencePolicy.Heuristic, 1, 3);
        Assert.Equal(steps, stats.Lengths[0]);
        Assert.Equal(total, stats.Returns[0]);
    }
}
