using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Control;
using Sandbox.Evolution.Tasks;
using Sandbox.Tensors.Devices;

namespace Sandbox.Evolution.Tests.Control;

public sealed class RewardFloorTests
{
    // CartPole pays exactly 1 per step, so a floor of 2 makes every step count 2: the shaped fitness must be
    // twice the episode length while the reported return stays the true one (the length).
    private static RunConfig Config(double? floor, int? generations = null) => new()
    {
        Env = "CartPole-v1",
        Algorithm = "es",
        Seed = 11,
        Population = 8,
        Episodes = 2,
        Policy = new PolicyConfig { Hidden = [4] },
        Control = new ControlConfig { RewardFloor = floor, RewardFloorGenerations = generations },
    };

    private static CandidateResult[] Evaluate(RunConfig config, bool validation, int generationNumber = 0)
    {
        using var task = new ControlTask(config, TestEnvironments.Registry);
        var algorithm = AlgorithmRegistry.Create(config, task.Space);
        var generation = algorithm.Plan(task.TrainingContext(generationNumber)) with { Generation = generationNumber };
        if (validation)
        {
            generation = generation with { Context = generation.Context with { Split = EvaluationSplit.Validation } };
        }
        using var evaluator = task.CreateEvaluator(2, ComputeDevice.Cpu);
        return evaluator.Evaluate(generation, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_floor_shapes_training_fitness_and_leaves_the_reported_return_true()
    {
        var plain = Evaluate(Config(null), validation: false);
        var shaped = Evaluate(Config(2), validation: false);
        int ret = ControlMetrics.Layout.Names.ToList().IndexOf("return");
        int length = ControlMetrics.Layout.Names.ToList().IndexOf("length");
        Assert.Equal(plain.SelectMany(r => r.Metrics), shaped.SelectMany(r => r.Metrics));
        Assert.All(shaped, r => Assert.Equal(2 * r.Metrics[length], r.Fitness, 9));
        Assert.All(plain, r => Assert.Equal(r.Metrics[ret], r.Fitness));
        Assert.Contains(shaped, r => r.Metrics[length] > 0);
    }

    [Fact]
    public void Validation_ignores_the_floor()
    {
        var shaped = Evaluate(Config(2), validation: true);
        int ret = ControlMetrics.Layout.Names.ToList().IndexOf("return");
        Assert.All(shaped, r => Assert.Equal(r.Metrics[ret], r.Fitness));
    }

    [Fact]
    public void A_floor_limited_to_some_generations_stops_shaping_after_them()
    {
        int length = ControlMetrics.Layout.Names.ToList().IndexOf("length");
        int ret = ControlMetrics.Layout.Names.ToList().IndexOf("return");
        var early = Evaluate(Config(2, generations: 3), validation: false, generationNumber: 2);
        var late = Evaluate(Config(2, generations: 3), validation: false, generationNumber: 3);
        Assert.All(early, r => Assert.Equal(2 * r.Metrics[length], r.Fitness, 9));
        Assert.All(late, r => Assert.Equal(r.Metrics[ret], r.Fitness));
    }

    [Fact]
    public void Floor_generations_without_a_floor_are_refused_by_name()
    {
        var errors = (Config(null) with { Control = new ControlConfig { RewardFloorGenerations = 5 } }).Validate(TestEnvironments.Tasks);
        Assert.Contains(errors, e => e.StartsWith("control.reward_floor_generations", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_floor_is_refused_by_name(double floor)
    {
        var errors = Config(floor).Validate(TestEnvironments.Tasks);
        Assert.Contains(errors, e => e.StartsWith("control.reward_floor", StringComparison.Ordinal));
    }
}
