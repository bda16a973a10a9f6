using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;

namespace Sandbox.Evolution.Tests.Algorithms;

public sealed class AlgorithmOptionsTests
{
    [Theory]
    [InlineData("pgpe", "\"pgpe\": { \"optimizer\": \"sgd\" }", "pgpe.optimizer:")]
    [InlineData("pgpe", "\"pgpe\": { \"learning_rate\": 0 }", "pgpe.learning_rate:")]
    [InlineData("pgpe", "\"pgpe\": { \"max_speed\": -1 }", "pgpe.max_speed:")]
    [InlineData("pgpe", "\"pgpe\": { \"momentum\": 1 }", "pgpe.momentum:")]
    [InlineData("pgpe", "\"pgpe\": { \"init_stdev\": 0 }", "pgpe.init_stdev:")]
    [InlineData("pgpe", "\"pgpe\": { \"stdev_learning_rate\": \"NaN\" }", "pgpe.stdev_learning_rate:")]
    [InlineData("pgpe", "\"pgpe\": { \"stdev_max_change\": 1 }", "pgpe.stdev_max_change:")]
    [InlineData("pgpe", "\"pgpe\": { \"init_scale\": -1 }", "pgpe.init_scale:")]
    [InlineData("pgpe", "\"population\": 31", "population:")]
    [InlineData("snes", "\"snes\": { \"learning_rate\": -1 }", "snes.learning_rate:")]
    [InlineData("snes", "\"snes\": { \"stdev_learning_rate\": 0 }", "snes.stdev_learning_rate:")]
    [InlineData("snes", "\"snes\": { \"init_stdev\": \"Infinity\" }", "snes.init_stdev:")]
    [InlineData("snes", "\"snes\": { \"init_scale\": 1000 }", "snes.init_scale:")]
    [InlineData("cmaes", "\"cmaes\": { \"covariance\": \"dense\" }", "cmaes.covariance:")]
    [InlineData("cmaes", "\"cmaes\": { \"sigma\": 0 }", "cmaes.sigma:")]
    [InlineData("cmaes", "\"cmaes\": { \"parents\": 33 }", "cmaes.parents:")]
    [InlineData("cmaes", "\"cmaes\": { \"init_scale\": -0.5 }", "cmaes.init_scale:")]
    [InlineData("ga", "\"ga\": { \"truncation\": 32 }", "ga.truncation:")]
    [InlineData("ga", "\"ga\": { \"elites\": 11 }", "ga.elites:")]
    [InlineData("ga", "\"ga\": { \"sigma\": 0 }", "ga.sigma:")]
    [InlineData("ga", "\"ga\": { \"init_scale\": 0 }", "ga.init_scale:")]
    public void A_bad_option_is_one_line_naming_its_key(string algorithm, string fragment, string key)
    {
        var config = RunConfigFile.Parse($"{{ \"algorithm\": \"{algorithm}\", \"population\": 32, {fragment} }}", "test");
        var error = Assert.Single(config.Validate(TestEnvironments.Tasks));
        Assert.StartsWith(key, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void A_null_section_or_choice_is_refused_by_name()
    {
        foreach (var (json, key) in new[] { ("\"pgpe\": null", "pgpe"), ("\"cmaes\": { \"covariance\": null }", "cmaes.covariance"), ("\"ga\": null", "ga") })
        {
            // Refused when the file is read (a null section) or when it is validated (a null choice inside one).
            string message;
            try
            {
                message = Assert.Single(RunConfigFile.Parse($"{{ {json} }}", "test").Validate(TestEnvironments.Tasks));
            }
            catch (ConfigException e)
            {
                message = e.Message;
            }
            Assert.Contains(key, message);
            Assert.Contains("null", message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void A_full_covariance_too_large_to_ship_is_a_config_error_naming_the_key()
    {
        var config = new RunConfig { Algorithm = CmaEs.AlgorithmName, Cmaes = new CmaesConfig { Covariance = CmaesConfig.Full } };
        var e = Assert.Throws<ConfigException>(() => AlgorithmRegistry.Create(config, SearchSpace.Flat(CmaesConfig.FullLimit + 1)));
        Assert.StartsWith("cmaes.covariance:", e.Message);
        Assert.False(((CmaEs)AlgorithmRegistry.Create(config with { Cmaes = new CmaesConfig() }, SearchSpace.Flat(CmaesConfig.AutoFullLimit + 1))).IsFull);
        Assert.True(((CmaEs)AlgorithmRegistry.Create(config with { Cmaes = new CmaesConfig() }, SearchSpace.Flat(CmaesConfig.AutoFullLimit))).IsFull);
    }

    [Theory]
    [InlineData("pgpe")]
    [InlineData("snes")]
    [InlineData("cmaes")]
    [InlineData("ga")]
    public void State_of_another_size_or_algorithm_is_refused(string algorithm)
    {
        var config = new RunConfig { Algorithm = algorithm, Population = 16 };
        var small = AlgorithmRegistry.Create(config, SearchSpace.Flat(10));
        Step(small, 10);
        var large = AlgorithmRegistry.Create(config, SearchSpace.Flat(11));
        Assert.Throws<InvalidDataException>(() => large.ImportState(small.ExportState()));
        // GA and supermask states have the same shape (generation, vectors), so the GA is checked against ES's.
        var other = AlgorithmRegistry.Create(new RunConfig { Algorithm = algorithm == "ga" ? "es" : "supermask", Population = 16 }, SearchSpace.Flat(10));
        Step(other, 10);
        Assert.Throws<InvalidDataException>(() => small.ImportState(other.ExportState()));
    }

    [Theory]
    [InlineData("pgpe")]
    [InlineData("snes")]
    [InlineData("cmaes")]
    [InlineData("ga")]
    public void Exported_state_imports_into_a_fresh_instance_that_plans_and_exports_the_same(string algorithm)
    {
        var config = new RunConfig { Algorithm = algorithm, Population = 16, Seed = 4 };
        var space = SearchSpace.Flat(30);
        var a = AlgorithmRegistry.Create(config, space);
        var context = new EvaluationContext([0]);
        for (int g = 0; g < 3; g++)
        {
            Step(a, 30);
        }
        var b = AlgorithmRegistry.Create(config, space);
        b.ImportState(a.ExportState());
        Assert.Equal(a.ExportState(), b.ExportState());
        var pa = a.Plan(context);
        var pb = b.Plan(context);
        Assert.Equal(pa.Candidates, pb.Candidates);
        Assert.Equal(pa.Bases.Count, pb.Bases.Count);
        for (int i = 0; i < pa.Bases.Count; i++)
        {
            Assert.Equal(pa.Bases[i], pb.Bases[i]);
        }
        Assert.Equal(a.Champion, b.Champion);
    }

    private static void Step(IEvolutionAlgorithm algorithm, int dimensions)
    {
        var theta = new float[dimensions];
        var task = algorithm.Plan(new EvaluationContext([0]));
        algorithm.Tell(task, task.Candidates.Select(c =>
        {
            c.Materialize(task.Bases, theta);
            return -StandardFunctions.Sphere(theta);
        }).ToArray());
    }
}
