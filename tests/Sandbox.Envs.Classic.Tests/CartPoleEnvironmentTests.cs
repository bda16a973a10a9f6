using Sandbox.Core.Environments;
using Sandbox.Envs.Classic;

namespace Sandbox.Envs.Classic.Tests;

/// <summary>CartPole-v1 against the Gymnasium reference vectors of envs.md §3.6.</summary>
public sealed class CartPoleEnvironmentTests
{
    private static readonly EnvironmentSpec Spec = ClassicEnvironments.Register(new EnvironmentRegistry()).Get("CartPole-v1");

    private static CartPoleEnvironment NewEnv(int lanes = 1) => (CartPoleEnvironment)Spec.CreateVector(lanes);

    [Fact]
    public void Registration_matches_gymnasium()
    {
        Assert.Equal(500, Spec.MaxEpisodeSteps);
        Assert.Equal(475.0, Spec.RewardThreshold);
        Assert.Equal("Discrete(2)", Spec.ActionSpace.Describe());
        Assert.Equal(0.41887903f, ((Core.Spaces.BoxSpace)Spec.ObservationSpace).High[2]);
        Assert.Equal(4.8f, ((Core.Spaces.BoxSpace)Spec.ObservationSpace).High[0]);
    }

    [Fact]
    public void Seed_zero_reset_state_is_bit_exact()
    {
        using var env = NewEnv();
        env.Reset(0, 0);
        var s = env.State(0);
        // envs.md prints float64 values with 16 significant digits.
        Assert.Equal("0.01369616873214544", s.X.ToString("G16"));
        Assert.Equal("-0.02302132862361297", s.XDot.ToString("G16"));
        Assert.Equal("-0.04590264760638053", s.Theta.ToString("G16"));
        Assert.Equal("-0.04834723644714709", s.ThetaDot.ToString("G16"));
        Assert.Equal([0.013696169f, -0.02302133f, -0.045902647f, -0.048347235f], env.Observations.ToArray());
    }

    [Fact]
    public void Reset_options_low_high_match_the_gymnasium_docstring()
    {
        using var env = NewEnv();
        env.Reset(0, 123, -0.1, 0.1);
        // The docstring shows NumPy's array print: 8 decimals.
        double[] expected = [0.03647037, -0.0892358, -0.05592803, -0.06312564];
        for (int i = 0; i < 4; i++)
        {
            Assert.Equal(expected[i], Math.Round((double)env.Observations[i], 8));
        }
        Assert.Throws<ArgumentException>(() => env.Reset(0, 1, 0.2, 0.1));
    }

    [Fact]
    public void Five_steps_follow_the_reference_trajectory()
    {
        // Gymnasium values; where NumPy's AVX-512 sin/cos and libm differ (§1.4) the libm value is used.
        double[][] expected =
        [
            [0.013235742159673177, 0.17272774640672584, -0.04686959233532348, -0.3551522026891103],
            [0.016690297087807695, -0.0216975470094809, -0.05397263638910568, -0.07760914862031953],
            [0.016256346147618075, 0.17415492608010963, -0.05552481936151207, -0.38682031895485985],
            [0.019739444669220268, 0.37001930859055, -0.06326122574060927, -0.6964800310295141],
            [0.02713983084103127, 0.1758290672242379, -0.07719082636119956, -0.42436373161406565],
        ];
        int[] actions = [1, 0, 1, 1, 0];
        using var env = NewEnv();
        env.Reset(0, 0);
        for (int i = 0; i < actions.Length; i++)
        {
            env.DiscreteActions[0] = actions[i];
            env.Step([0]);
            var s = env.State(0);
            double[] actual = [s.X, s.XDot, s.Theta, s.ThetaDot];
            for (int k = 0; k < 4; k++)
            {
                // Exact up to the last few ulps that depend on the machine's sin/cos.
                Assert.Equal(expected[i][k], actual[k], 1e-15);
                Assert.Equal((float)expected[i][k], env.Observations[k]);
            }
            Assert.Equal(1.0, env.Rewards[0]);
            Assert.False(env.Terminated[0]);
        }
    }

    [Fact]
    public void Always_pushing_right_terminates_on_step_eight_and_later_rewards_are_zero()
    {
        using var env = Spec.Create();
        env.Reset(0);
        double total = 0;
        int steps = 0;
        StepResult r;
        do
        {
            r = env.Step(1);
            total += r.Reward;
            steps++;
        }
        while (!r.Terminated);
        Assert.Equal(8, steps);
        Assert.Equal(8.0, total);
        Assert.Equal(-0.22820539319024014, ((CartPoleEnvironment)env.Vector).State(0).Theta, 1e-14);
        var after = env.Step(1);
        Assert.True(after.Terminated);
        Assert.Equal(0.0, after.Reward);
    }

    [Fact]
    public void Simple_feedback_policy_balances_for_500_steps_and_truncates()
    {
        using var env = Spec.Create();
        for (int seed = 0; seed < 5; seed++)
        {
            var obs = env.Reset(seed).ToArray();
            int steps = 0;
            StepResult r;
            do
            {
                r = env.Step(obs[2] + 0.5f * obs[3] > 0 ? 1 : 0);
                obs = env.Observation.ToArray();
                steps++;
            }
            while (!r.Done);
            Assert.Equal(500, steps);
            Assert.True(r.Truncated);
            Assert.False(r.Terminated);
        }
    }

    [Theory]
    [InlineData(2.41, 0.0, true)]
    [InlineData(-2.41, 0.0, true)]
    [InlineData(2.39, 0.0, false)]
    [InlineData(0.0, 0.2094, false)]
    [InlineData(0.0, 0.2096, true)]
    [InlineData(0.0, -0.2096, true)]
    public void Termination_uses_the_position_and_angle_limits(double x, double theta, bool terminal)
    {
        Assert.Equal(terminal, CartPolePhysics.IsTerminal(x, theta));
    }

    [Fact]
    public void Lanes_are_independent_and_match_a_single_environment()
    {
        using var vector = NewEnv(3);
        using var single = NewEnv(1);
        for (int lane = 0; lane < 3; lane++)
        {
            vector.Reset(lane, 10 + lane);
        }
        single.Reset(0, 11);
        var rng = new System.Random(5);
        for (int t = 0; t < 30; t++)
        {
            int a = rng.Next(2);
            vector.DiscreteActions[1] = a;
            single.DiscreteActions[0] = a;
            vector.DiscreteActions[0] = 1 - a;
            vector.DiscreteActions[2] = a;
            vector.Step([0, 1, 2]);
            single.Step([0]);
            Assert.Equal(single.Observations.ToArray(), vector.Observations.Slice(4, 4).ToArray());
            Assert.Equal(single.Rewards[0], vector.Rewards[1]);
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_episode()
    {
        static double[] Run(long seed)
        {
            using var env = Spec.Create();
            env.Reset(seed);
            var trace = new List<double>();
            var r = new StepResult();
            for (int i = 0; i < 200 && !r.Done; i++)
            {
                r = env.Step(i % 3 == 0 ? 1 : 0);
                foreach (float v in env.Observation)
                {
                    trace.Add(v);
                }
            }
            return trace.ToArray();
        }
        Assert.Equal(Run(77), Run(77));
        Assert.NotEqual(Run(77), Run(78));
    }

    [Fact]
    public void Invalid_actions_are_rejected()
    {
        using var env = Spec.Create();
        env.Reset(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2));
        Assert.Throws<ArgumentException>(() => env.Step([0.5f]));
    }

    [Fact]
    public void Step_before_reset_is_an_error()
    {
        using var env = Spec.Create();
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
    }
}
