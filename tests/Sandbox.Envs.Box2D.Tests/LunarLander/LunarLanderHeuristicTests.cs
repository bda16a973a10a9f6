using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>The heuristic against Gymnasium's figures (envs.md §9.1, §9.4), through <see cref="ReferenceRollout"/>.</summary>
public sealed class LunarLanderHeuristicTests
{
    // envs.md §9.4, measured on Gymnasium with pybox2d 2.3.10 and NumPy 1.24 (seeds 0–9).
    private static readonly double[] GymnasiumDiscrete =
        [297.3531, 260.9438, 254.6247, 244.5007, 265.8668, 278.4407, 319.9842, 248.6023, 180.0429, 303.8105];

    private static readonly double[] GymnasiumContinuous =
        [305.9631, 273.8919, 257.3903, 248.6301, 262.9542, 287.4929, 307.9372, 273.5432, 294.1194, 304.0373];

    private static readonly double[] GymnasiumDiscreteWind =
        [305.9882, 11.2728, -11.2441, -62.2102, 234.0535, 260.0969, -113.9525, 197.7535, 288.3363, 20.4483];

    [Fact]
    public void Discrete_heuristic_mean_over_50_seeds_reaches_the_threshold()
    {
        RolloutStatistics stats = ReferenceRollout.Run(LunarLanderSpecs.Discrete, ReferencePolicy.Heuristic, 50, 0);
        Report(stats);
        Assert.True(stats.MeanReturn >= 200, $"mean {stats.MeanReturn:F2} < 200");
    }

    [Fact]
    public void Continuous_heuristic_mean_over_50_seeds_reaches_the_threshold()
    {
        RolloutStatistics stats = ReferenceRollout.Run(LunarLanderSpecs.Continuous, ReferencePolicy.Heuristic, 50, 0);
        Report(stats);
        Assert.True(stats.MeanReturn >= 200, $"mean {stats.MeanReturn:F2} < 200");
    }

    [Fact]
    public void Seed_one_heuristic_returns_more_than_100()
    {
        // Gymnasium's tests/envs/test_env_implementation.py; measured there: 260.9438 in 205 steps.
        RolloutStatistics stats = ReferenceRollout.Run(LunarLanderSpecs.Discrete, ReferencePolicy.Heuristic, 1, 1);
        Assert.True(stats.Returns[0] > 100, $"return {stats.Returns[0]:F4}");
        Assert.True(stats.Terminated[0]);
    }

    [Theory]
    [InlineData("LunarLander-v3")]
    [InlineData("LunarLanderContinuous-v3")]
    [InlineData("LunarLander-v3-wind")]
    public void Per_seed_returns_track_gymnasium(string id)
    {
        // Box2D 2.3.1 is not bit-identical to pybox2d's 2.3.0 snapshot (envs.md §8), so single seeds
        // may drift; most should still agree closely. Continuous actions pass through a float32
        // buffer where Gymnasium's heuristic hands over float64, so allow a little more there.
        double[] expected = id switch
        {
            "LunarLander-v3" => GymnasiumDiscrete,
            "LunarLanderContinuous-v3" => GymnasiumContinuous,
            _ => GymnasiumDiscreteWind,
        };
        RolloutStatistics stats = ReferenceRollout.Run(LunarLanderSpecs.Registry.Get(id), ReferencePolicy.Heuristic, 10, 0);
        int close = 0;
        for (int seed = 0; seed < 10; seed++)
        {
            double diff = stats.Returns[seed] - expected[seed];
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"{id} seed {seed}: {stats.Returns[seed]:F4} in {stats.Lengths[seed]} steps, Gymnasium {expected[seed]:F4} (diff {diff:+0.0000;-0.0000})");
            if (Math.Abs(diff) < 0.01)
            {
                close++;
            }
        }
        Assert.True(close >= 8, $"only {close} of 10 seeds within 0.01 of Gymnasium");
    }

    [Theory]
    [InlineData("LunarLander-v3")]
    [InlineData("LunarLanderContinuous-v3")]
    public void Observations_stay_inside_the_registered_box(string id)
    {
        EnvironmentSpec spec = LunarLanderSpecs.Registry.Get(id);
        var box = (BoxSpace)spec.ObservationSpace;
        const int Lanes = 20;
        using var env = LunarLanderSpecs.Create(spec, Lanes);
        var controllers = new IReferenceController[Lanes];
        var live = new List<int>();
        for (int lane = 0; lane < Lanes; lane++)
        {
            env.Reset(lane, 100 + lane);
            controllers[lane] = spec.Heuristic!();
            live.Add(lane);
        }
        int checkedSteps = 0;
        while (live.Count > 0)
        {
            foreach (int lane in live)
            {
                AssertInside(box, env.Observations.Slice(lane * 8, 8));
                env.DiscreteActions[lane] = controllers[lane].Act(env.Observations.Slice(lane * 8, 8), env.ContinuousActions.Slice(lane * spec.ActionSpace.FlatSize, spec.ActionSpace.FlatSize));
            }
            env.Step(live.ToArray());
            checkedSteps += live.Count;
            foreach (int lane in live)
            {
                AssertInside(box, env.Observations.Slice(lane * 8, 8));
            }
            live.RemoveAll(lane => env.Terminated[lane] || env.Truncated[lane]);
        }
        Assert.True(checkedSteps > Lanes * 100);
    }

    [Fact]
    public void Heuristic_follows_the_rules_of_section_6_1()
    {
        // Falling fast above the pad: main engine. Tilted right (angle < 0 needs +torque): side engines by sign.
        Assert.Equal(2, Core(0f, 0f, 0f, -1f, 0f, 0f, 0f, 0f));
        Assert.Equal(3, Core(0f, 0f, 0f, 0.5f, 0.5f, 0f, 0f, 0f));
        Assert.Equal(1, Core(0f, 0f, 0f, 0.5f, -0.5f, 0f, 0f, 0f));
        Assert.Equal(0, Core(0f, 0f, 0f, 0.5f, 0f, 0f, 0f, 0f));
        // A touching leg cancels the attitude term; only the descent is damped.
        Assert.Equal(2, Core(0f, 0f, 0f, -0.5f, 0.5f, 0f, 1f, 0f));
        Assert.Equal(0, Core(0f, 0f, 0f, 0.5f, 0.5f, 0f, 0f, 1f));

        (double main, double lateral) = Envs.Box2D.LunarLander.LunarLanderHeuristic.ContinuousAction([0f, 0.2f, 0.1f, -0.05f, 0.02f, 0.01f, 0f, 0f]);
        // angle_targ = 0.1, hover_todo = (0 − 0.2)·0.5 − (−0.05)·0.5 = −0.075, angle_todo = (0.1 − 0.02)·0.5 − 0.01 = 0.03.
        Assert.Equal(Math.Clamp((((0.0 - (double)0.2f) * 0.5) - ((double)-0.05f * 0.5)) * 20 - 1, -1, 1), main);
        Assert.Equal(-((((double)0.1f * 1.0 + 0.0) - (double)0.02f) * 0.5 - (double)0.01f * 1.0) * 20, lateral, 1e-15);

        static int Core(params float[] s) => Envs.Box2D.LunarLander.LunarLanderHeuristic.Discrete(s);
    }

    private static void AssertInside(BoxSpace box, ReadOnlySpan<float> observation)
    {
        for (int i = 0; i < observation.Length; i++)
        {
            Assert.InRange(observation[i], box.Low[i], box.High[i]);
        }
    }

    private static void Report(RolloutStatistics stats)
    {
        var output = TestContext.Current.TestOutputHelper;
        output?.WriteLine($"{stats.EnvId}: mean {stats.MeanReturn:F4} ± {stats.StdReturn:F4}, {stats.Returns.Count(r => r >= 200)} of {stats.Returns.Length} ≥ 200, mean length {stats.MeanLength:F1}");
        for (int i = 0; i < stats.Returns.Length; i++)
        {
            output?.WriteLine($"seed {i}: {stats.Returns[i]:F4} / {stats.Lengths[i]}");
        }
    }
}
