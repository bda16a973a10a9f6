using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.BipedalWalker;

namespace Sandbox.Envs.Box2D.Tests.BipedalWalker;

/// <summary>
/// Reference policies through <see cref="ReferenceRollout"/> (envs.md §6.2, §9.4). Box2D 2.3.1 and
/// pybox2d's 2.3.0 round a few operations differently and the gait is chaotic, so most seeds drift
/// away from Gymnasium's returns; those that stay on Gymnasium's trajectory are checked closely.
/// </summary>
public sealed class BipedalWalkerRolloutTests(ITestOutputHelper output)
{
    // Gymnasium, NumPy 1.24, pybox2d 2.3.10 (envs.md §9.4), seeds 0–9.
    private static readonly double[] GymnasiumNormal = [125.0032, -20.9929, 157.7201, 314.4154, -37.6805, 313.4631, 73.4408, 106.0938, 17.1309, 76.9678];
    private static readonly double[] GymnasiumHardcore = [-46.7208, -63.4206, -80.8651, -70.6685, -54.4463, -45.0563, -36.2615, -63.1086, -72.0193, -18.0511];

    [Fact]
    public void Scripted_gait_walks_forward_on_normal_terrain()
    {
        RolloutStatistics stats = ReferenceRollout.Run(Walkers.Normal, ReferencePolicy.Heuristic, 20, 0);
        Report(stats, GymnasiumNormal);
        // Gymnasium: mean 102 ± 121 over seeds 0–199, 12.5% of episodes survive all 1600 steps.
        Assert.True(stats.MeanReturn > 20, $"mean return {stats.MeanReturn:F2}");
        Assert.Contains(stats.Returns, r => r > 150);
        Assert.Contains(stats.Lengths, l => l == 1600);
        // Seeds whose episodes stay within float drift of Gymnasium's.
        Assert.Equal(GymnasiumNormal[1], stats.Returns[1], 1.0);
        Assert.Equal(GymnasiumNormal[4], stats.Returns[4], 1.0);
    }

    [Fact]
    public void Scripted_gait_falls_on_hardcore_terrain()
    {
        RolloutStatistics stats = ReferenceRollout.Run(Walkers.Hardcore, ReferencePolicy.Heuristic, 20, 0);
        Report(stats, GymnasiumHardcore);
        // Gymnasium: mean −59.7 ± 24.7 over seeds 0–199.
        Assert.InRange(stats.MeanReturn, -90, -30);
        foreach (int seed in (int[])[1, 2, 3, 4, 7])
        {
            Assert.Equal(GymnasiumHardcore[seed], stats.Returns[seed], 0.05);
        }
    }

    [Theory]
    [InlineData(ReferencePolicy.Random)]
    [InlineData(ReferencePolicy.Zero)]
    public void Random_and_zero_policies_run_to_an_end(ReferencePolicy policy)
    {
        foreach (EnvironmentSpec spec in (EnvironmentSpec[])[Walkers.Normal, Walkers.Hardcore])
        {
            RolloutStatistics stats = ReferenceRollout.Run(spec, policy, 6, 100);
            output.WriteLine($"{spec.Id} {policy}: mean {stats.MeanReturn:F3}, lengths {string.Join(", ", stats.Lengths)}");
            Assert.All(stats.Returns, r => Assert.True(double.IsFinite(r)));
            Assert.All(stats.Lengths, l => Assert.InRange(l, 1, spec.MaxEpisodeSteps));
        }
    }

    [Fact]
    public void Observations_stay_in_range_during_the_gait()
    {
        const int Lanes = 6;
        using BipedalWalkerEnvironment env = Walkers.Create(Walkers.Normal, Lanes);
        var controllers = new BipedalWalkerHeuristic[Lanes];
        for (int lane = 0; lane < Lanes; lane++)
        {
            env.Reset(lane, lane);
            controllers[lane] = new BipedalWalkerHeuristic();
        }
        var done = new bool[Lanes];
        var start = new float[Lanes];
        var furthest = new float[Lanes];
        for (int lane = 0; lane < Lanes; lane++)
        {
            start[lane] = env.HullPosition(lane).X;
        }
        int[] all = [0, 1, 2, 3, 4, 5];
        for (int step = 0; step < 1600 && done.Contains(false); step++)
        {
            for (int lane = 0; lane < Lanes; lane++)
            {
                controllers[lane].Act(env.Observations.Slice(lane * 24, 24), env.ContinuousActions.Slice(lane * 4, 4));
            }
            env.Step(all);
            for (int lane = 0; lane < Lanes; lane++)
            {
                if (done[lane])
                {
                    continue;
                }
                CheckRanges(env.Observations.Slice(lane * 24, 24));
                furthest[lane] = env.HullPosition(lane).X;
                done[lane] = env.Terminated[lane] || env.Truncated[lane];
            }
        }
        output.WriteLine($"hull x at the end: {string.Join(", ", furthest.Select(x => x.ToString("F2")))} (start {start[0]:F2})");
        Assert.True(furthest.Average() > start.Average() + 10, "the gait made no progress");
        Assert.Contains(furthest, x => x > 40);
    }

    private static void CheckRanges(ReadOnlySpan<float> s)
    {
        foreach (int i in (int[])[0, 4, 6, 9, 11])
        {
            Assert.InRange(s[i], -MathF.PI, MathF.PI);
        }
        Assert.True(s[8] is 0f or 1f);
        Assert.True(s[13] is 0f or 1f);
        for (int i = 14; i < 24; i++)
        {
            Assert.InRange(s[i], 0f, 1f);
        }
    }

    private void Report(RolloutStatistics stats, double[] gymnasium)
    {
        for (int seed = 0; seed < gymnasium.Length; seed++)
        {
            output.WriteLine($"{stats.EnvId} seed {seed}: {stats.Returns[seed],10:F4} / {stats.Lengths[seed],4} steps (Gymnasium {gymnasium[seed]:F4})");
        }
        output.WriteLine($"mean {stats.MeanReturn:F4}, std {stats.StdReturn:F4} over {stats.Returns.Length} seeds");
    }
}
