using Sandbox.Core.Environments;
using Sandbox.Core.Spaces;

namespace Sandbox.Core.Tests.Environments;

/// <summary>The registry, the single-lane view over a vector environment, and rollout statistics, on a tiny counting environment.</summary>
public sealed class EnvironmentTests
{
    /// <summary>Observation: the step count and the seed; reward: the action taken; ends after three steps.</summary>
    private sealed class CountingEnvironment(EnvironmentSpec spec, int lanes) : IVectorEnvironment
    {
        private readonly float[] _observations = new float[2 * lanes];
        private readonly int[] _discrete = new int[lanes];
        private readonly float[] _continuous = new float[lanes * spec.ActionSpace.FlatSize];
        private readonly double[] _rewards = new double[lanes];
        private readonly bool[] _terminated = new bool[lanes];
        private readonly bool[] _truncated = new bool[lanes];
        private readonly int[] _steps = new int[lanes];

        public EnvironmentSpec Spec => spec;
        public int Count => lanes;
        public Span<float> Observations => _observations;
        public Span<int> DiscreteActions => _discrete;
        public Span<float> ContinuousActions => _continuous;
        public Span<double> Rewards => _rewards;
        public Span<bool> Terminated => _terminated;
        public Span<bool> Truncated => _truncated;
        public ReadOnlySpan<int> ElapsedSteps => _steps;
        public bool Disposed { get; private set; }

        public void Reset(int lane, long seed)
        {
            _steps[lane] = 0;
            _observations[2 * lane] = 0;
            _observations[2 * lane + 1] = seed;
        }

        public void Step(ReadOnlySpan<int> active)
        {
            foreach (int lane in active)
            {
                _steps[lane]++;
                _observations[2 * lane] = _steps[lane];
                _rewards[lane] = spec.ActionSpace is DiscreteSpace ? _discrete[lane] : _continuous[lane];
                _terminated[lane] = _steps[lane] >= 3;
                _truncated[lane] = false;
            }
        }

        public void Dispose() => Disposed = true;
    }

    private static EnvironmentSpec Spec(string id, Space actions) => new()
    {
        Id = id,
        ObservationSpace = BoxSpace.Uniform(2, float.NegativeInfinity, float.PositiveInfinity),
        ActionSpace = actions,
        MaxEpisodeSteps = 3,
        RewardThreshold = 1,
        Physics = "counting",
        Factory = (spec, lanes) => new CountingEnvironment(spec, lanes),
    };

    [Fact]
    public void The_registry_keeps_registration_order_and_refuses_a_second_registration_of_an_id()
    {
        var registry = new EnvironmentRegistry().Register(Spec("B-v0", new DiscreteSpace(2))).Register(Spec("A-v0", new DiscreteSpace(2)));
        Assert.Equal(["B-v0", "A-v0"], registry.All.Select(s => s.Id));
        Assert.Throws<InvalidOperationException>(() => registry.Register(Spec("A-v0", new DiscreteSpace(3))));
        Assert.True(registry.TryGet("A-v0", out var spec));
        Assert.Same(registry.All[1], spec);
        Assert.False(registry.TryGet("a-v0", out _)); // ids are case-sensitive, as in Gymnasium
    }

    [Fact]
    public void An_unknown_id_names_the_known_ones_on_one_quoted_line()
    {
        var registry = new EnvironmentRegistry().Register(Spec("A-v0", new DiscreteSpace(2)));
        var e = Assert.Throws<UnknownEnvironmentException>(() => registry.Get("Nope\nv0" + new string('x', 10_000)));
        Assert.Contains("A-v0", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.True(e.Message.Length < 1000, $"{e.Message.Length} characters");
    }

    [Fact]
    public void A_single_environment_steps_lane_zero_and_checks_its_actions()
    {
        var spec = Spec("A-v0", new DiscreteSpace(2));
        using var env = spec.Create();
        Assert.Throws<InvalidOperationException>(() => env.Step(1)); // before Reset
        Assert.Equal([0f, 42f], env.Reset(42).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2));
        Assert.Throws<ArgumentException>(() => env.Step([0.5f]));
        var first = env.Step(1);
        Assert.Equal(new StepResult(1, false, false), first);
        Assert.Equal([1f, 42f], env.Observation.ToArray());
        env.Step(0);
        Assert.True(env.Step(1).Done);
    }

    [Fact]
    public void A_single_continuous_environment_takes_actions_of_the_box_size_only()
    {
        using var env = Spec("C-v0", BoxSpace.Uniform(1, -1f, 1f)).Create();
        env.Reset(0);
        Assert.Throws<InvalidOperationException>(() => env.Step(0));
        Assert.Throws<ArgumentException>(() => env.Step([0.5f, 0.5f]));
        Assert.Equal(0.25, env.Step([0.25f]).Reward);
    }

    [Fact]
    public void Disposing_the_single_environment_disposes_its_vector()
    {
        var env = Spec("A-v0", new DiscreteSpace(2)).Create();
        var vector = (CountingEnvironment)env.Vector;
        env.Dispose();
        Assert.True(vector.Disposed);
    }

    [Fact]
    public void Rollout_statistics_are_population_figures_of_the_episodes()
    {
        var stats = new RolloutStatistics
        {
            EnvId = "A-v0",
            Returns = [1, 3, 5, 7],
            Lengths = [10, 20, 30, 40],
            Terminated = [true, false, true, true],
            Seconds = 2,
        };
        Assert.Equal(4, stats.MeanReturn);
        Assert.Equal(Math.Sqrt(5), stats.StdReturn, 12); // population standard deviation: ((9+1+1+9)/4)^½
        Assert.Equal(25, stats.MeanLength);
        Assert.Equal(0.75, stats.TerminatedFraction);
        Assert.Equal(50, stats.StepsPerSecond);
    }
}
