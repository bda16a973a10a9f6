using Sandbox.Core.Environments;
using Sandbox.Envs.Box2D.LunarLander;

namespace Sandbox.Envs.Box2D.Tests.LunarLander;

/// <summary>Reward components and termination (envs.md §4.7) in constructed situations.</summary>
public sealed class LunarLanderRewardTests
{
    [Theory]
    [InlineData(2, 0.30)]
    [InlineData(1, 0.03)]
    [InlineData(3, 0.03)]
    public void Engine_fuel_is_charged_on_top_of_the_shaping_difference(int action, double fuel)
    {
        // Two lanes from the same seed: identical up to the action, so the same previous shaping.
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete, 2);
        env.Reset(0, 7);
        env.Reset(1, 7);
        double previous = env.Lane(0).PreviousShaping!.Value;
        Assert.Equal(previous, env.Lane(1).PreviousShaping!.Value);

        env.DiscreteActions[0] = 0;
        env.DiscreteActions[1] = action;
        env.Step([0, 1]);

        double idle = env.Lane(0).PreviousShaping!.Value;
        double fired = env.Lane(1).PreviousShaping!.Value;
        Assert.Equal(LunarLanderRules.Shaping(env.Lane(1).State), fired);
        Assert.Equal(idle - previous, env.Rewards[0]);
        Assert.Equal(fired - previous - fuel, env.Rewards[1]);
        Assert.Equal(fired - idle - fuel, env.Rewards[1] - env.Rewards[0], 1e-12);
        Assert.NotEqual(idle, fired);

        // The shaping recomputed from the float32 observation agrees to float precision.
        float[] obs = env.Observation(1);
        double fromObservation = -100 * Math.Sqrt(obs[0] * obs[0] + obs[1] * obs[1]) - 100 * Math.Sqrt(obs[2] * obs[2] + obs[3] * obs[3])
            - 100 * Math.Abs(obs[4]) + 10 * obs[6] + 10 * obs[7];
        Assert.Equal(fired, fromObservation, 1e-4);
    }

    [Theory]
    [InlineData(0.5f, 0f, 0.75, 0.0)]
    [InlineData(1f, 0f, 1.0, 0.0)]
    [InlineData(3f, 0f, 1.0, 0.0)]     // clipped to 1
    [InlineData(0f, 0f, 0.0, 0.0)]     // main fires only above 0
    [InlineData(-0.7f, 0.5f, 0.0, 0.0)] // lateral fires only beyond ±0.5
    [InlineData(-1f, 0.75f, 0.0, 0.75)]
    [InlineData(-1f, -0.6f, 0.0, 0.6000000238418579)] // float32 0.6 widened, as Gymnasium's astype(float64)
    [InlineData(0.2f, -2f, 0.6000000014901161, 1.0)]
    public void Continuous_fuel_follows_the_throttle(float main, float lateral, double mainPower, double sidePower)
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Continuous);
        env.Reset(0, 3);
        double previous = env.Lane(0).PreviousShaping!.Value;
        env.Step(0, main, lateral);
        double shaping = env.Lane(0).PreviousShaping!.Value;
        Assert.Equal(shaping - previous - mainPower * 0.30 - sidePower * 0.03, env.Rewards[0]);
    }

    [Fact]
    public void Reward_rules_apply_in_gymnasium_order()
    {
        // First step after reset: no shaping difference yet, fuel only.
        Assert.Equal(-0.30 - 0.03, LunarLanderRules.Reward(-50, null, 1.0, 1.0, 0, false, true, out bool t0));
        Assert.False(t0);
        Assert.Equal(-40.0 - -50.0 - 0.75 * 0.30, LunarLanderRules.Reward(-40, -50, 0.75, 0, 0.2, false, true, out bool t1));
        Assert.False(t1);
        // A crash or leaving the screen replaces the reward with −100 ...
        Assert.Equal(-100, LunarLanderRules.Reward(-40, -50, 1, 0, 0, true, true, out bool t2));
        Assert.True(t2);
        Assert.Equal(-100, LunarLanderRules.Reward(-40, -50, 0, 0, 1.0, false, true, out bool t3));
        Assert.True(t3);
        Assert.Equal(-100, LunarLanderRules.Reward(-40, -50, 0, 0, -1.0, false, true, out _));
        Assert.Equal(10, LunarLanderRules.Reward(-40, -50, 0, 0, 0.9999999, false, true, out bool t4));
        Assert.False(t4);
        // ... and a sleeping lander gives +100, checked last so it wins over a crash.
        Assert.Equal(100, LunarLanderRules.Reward(-40, -50, 1, 1, 0, false, false, out bool t5));
        Assert.True(t5);
        Assert.Equal(100, LunarLanderRules.Reward(-40, -50, 1, 1, 1.5, true, false, out bool t6));
        Assert.True(t6);
    }

    [Fact]
    public void Zero_policy_crashes_the_body_into_the_moon()
    {
        using var env = LunarLanderSpecs.Create(LunarLanderSpecs.Discrete, 5);
        for (int lane = 0; lane < 5; lane++)
        {
            env.Reset(lane, lane);
            int steps = RunUntilEnd(env, lane, 0);
            Assert.True(env.Terminated[lane], $"seed {lane} did not terminate in {steps} steps");
            Assert.True(env.Lane(lane).GameOver, $"seed {lane}: lander body never touched");
            Assert.Equal(-100, env.Rewards[lane]);
        }
    }

    [Fact]
    public void Leaving_the_screen_sideways_costs_100()
    {
        // Under weak gravity the initial push alone carries the lander past |x| = 1 before it lands.
        EnvironmentSpec spec = LunarLanderEnvironments.Spec("LunarLander-lowg", new LunarLanderOptions { Gravity = -0.5 });
        using var env = LunarLanderSpecs.Create(spec);
        int found = 0;
        for (int seed = 0; seed < 20 && found < 2; seed++)
        {
            env.Reset(0, seed);
            RunUntilEnd(env, 0, 0);
            if (env.Terminated[0] && !env.Lane(0).GameOver && Math.Abs(env.Lane(0).State[0]) >= 1.0)
            {
                Assert.Equal(-100, env.Rewards[0]);
                Assert.True(Math.Abs(env.Observations[0]) >= 1f);
                found++;
            }
        }
        Assert.Equal(2, found);
    }

    [Fact]
    public void Landing_ends_with_plus_100_once_the_lander_sleeps()
    {
        EnvironmentSpec spec = LunarLanderSpecs.Discrete;
        using var env = LunarLanderSpecs.Create(spec);
        var heuristic = spec.Heuristic!();
        env.Reset(0, 0);
        Span<float> unused = stackalloc float[1];
        int steps = 0;
        bool touched = false;
        while (!env.Terminated[0] && !env.Truncated[0])
        {
            env.Step(0, heuristic.Act(env.Observations[..8], unused));
            steps++;
            // The observation's leg flags are the listener's booleans; legs[0] is the +x leg.
            Assert.Equal(env.Lane(0).Leg0Contact ? 1f : 0f, env.Observations[6]);
            Assert.Equal(env.Lane(0).Leg1Contact ? 1f : 0f, env.Observations[7]);
            touched |= env.Lane(0).Leg0Contact || env.Lane(0).Leg1Contact;
        }
        Assert.True(touched);
        Assert.True(env.Terminated[0]);
        Assert.False(env.Lane(0).LanderAwake);
        Assert.False(env.Lane(0).GameOver);
        Assert.Equal(100, env.Rewards[0]);
        Assert.Equal(152, steps); // Gymnasium: 297.3531 in 152 steps (envs.md §9.4)
    }

    private static int RunUntilEnd(LunarLanderEnvironment env, int lane, int action)
    {
        int steps = 0;
        do
        {
            env.Step(lane, action);
            steps++;
        }
        while (!env.Terminated[lane] && !env.Truncated[lane]);
        return steps;
    }
}
