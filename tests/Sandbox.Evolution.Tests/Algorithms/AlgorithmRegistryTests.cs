using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;

namespace Sandbox.Evolution.Tests.Algorithms;

public sealed class AlgorithmRegistryTests
{
    [Fact]
    public void An_unknown_algorithm_is_one_line_listing_the_known_ones()
    {
        var errors = new RunConfig { Algorithm = "annealing" }.Validate(TestEnvironments.Tasks);
        var error = Assert.Single(errors);
        Assert.StartsWith("algorithm:", error);
        Assert.Contains("annealing", error);
        foreach (string name in AlgorithmRegistry.Names)
        {
            Assert.Contains(name, error);
        }
    }

    [Fact]
    public void Each_algorithm_validates_only_its_own_options_with_lines_naming_the_key()
    {
        var config = new RunConfig
        {
            Supermask = new SupermaskConfig { Sigma = -1, TopK = 3 },
            Es = new EsConfig { LearningRate = 1e30f, WeightDecay = float.PositiveInfinity },
        };
        var supermask = config.Validate(TestEnvironments.Tasks);
        Assert.Contains(supermask, e => e.StartsWith("supermask.sigma:"));
        Assert.Contains(supermask, e => e.StartsWith("supermask.top_k"));
        Assert.DoesNotContain(supermask, e => e.StartsWith("es."));
        var es = (config with { Algorithm = OpenAiEs.AlgorithmName }).Validate(TestEnvironments.Tasks);
        Assert.Contains(es, e => e.StartsWith("es.learning_rate:") && e.Contains("1E+30"));
        Assert.Contains(es, e => e.StartsWith("es.weight_decay:"));
        Assert.DoesNotContain(es, e => e.StartsWith("supermask."));
        Assert.All(supermask.Concat(es), e => Assert.DoesNotContain('\n', e));
    }

    [Fact]
    public void Sharded_step_needs_a_track_config_and_a_track_config_needs_sharded_step()
    {
        Assert.Contains(new RunConfig { Algorithm = ShardedStep.AlgorithmName }.Validate(TestEnvironments.Tasks), e => e.StartsWith("algorithm:") && e.Contains("track"));
        Assert.Contains(new RunConfig { Track = "{}" }.Validate(TestEnvironments.Tasks), e => e.StartsWith("track:"));
    }

    [Fact]
    public void Every_registered_algorithm_builds_from_a_default_config()
    {
        foreach (var entry in AlgorithmRegistry.All)
        {
            // sharded-step runs a track's steps and needs that track's config (any JSON here: the task reads it).
            var config = new RunConfig { Algorithm = entry.Name, Population = 16, Track = entry.Name == ShardedStep.AlgorithmName ? "{}" : null };
            Assert.Empty(config.Validate(TestEnvironments.Tasks));
            var algorithm = AlgorithmRegistry.Create(config, Tasks.SearchSpace.Flat(10));
            Assert.Equal(entry.Name, algorithm.Name);
            Assert.Equal(0, algorithm.Generation);
        }
    }
}
