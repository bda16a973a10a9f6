using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Classification;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Tests.Classification;

public sealed class ClassificationTaskTests
{
    private static RunConfig Config(string algorithm = "es", int population = 20) => new()
    {
        Task = RunConfig.ClassificationTask,
        Algorithm = algorithm,
        Seed = 7,
        Population = population,
        Policy = new PolicyConfig { Hidden = [12], Activation = "relu" },
        Classification = new ClassificationConfig { BatchSize = 64, ValidationExamples = 200 },
        Es = new EsConfig { Sigma = 0.05f, LearningRate = 0.05f, WeightDecay = 0 },
    };

    [Fact]
    public void Results_do_not_depend_on_the_thread_count()
    {
        using var task = new ClassificationTask(Config(), SyntheticData.Quadrants());
        var algorithm = AlgorithmRegistry.Create(Config(), task.Space);
        var generation = algorithm.Plan(task.TrainingContext(3));
        using var one = task.CreateEvaluator(1, ComputeDevice.Cpu);
        using var three = task.CreateEvaluator(3, ComputeDevice.Cpu);
        var a = one.Evaluate(generation, TestContext.Current.CancellationToken);
        var b = three.Evaluate(generation, TestContext.Current.CancellationToken);
        Assert.Equal(a.Select(r => r.Fitness), b.Select(r => r.Fitness));
        Assert.Equal(a.SelectMany(r => r.Metrics), b.SelectMany(r => r.Metrics));
        Assert.All(a, r => Assert.Equal(64, r.Metrics[ClassificationMetrics.Layout.Work]));
    }

    [Fact]
    public void Every_candidate_of_a_generation_sees_the_same_minibatch_and_generations_see_different_ones()
    {
        using var task = new ClassificationTask(Config(), SyntheticData.Quadrants());
        var algorithm = AlgorithmRegistry.Create(Config(), task.Space);
        using var evaluator = task.CreateEvaluator(1, ComputeDevice.Cpu);
        // The centre (last candidate) is the same network in both plans: only the minibatch differs.
        double Centre(int generation) => evaluator.Evaluate(algorithm.Plan(task.TrainingContext(generation)), TestContext.Current.CancellationToken)[^1].Fitness;
        Assert.Equal(Centre(5), Centre(5));
        Assert.NotEqual(Centre(5), Centre(6));
    }

    [Fact]
    public void Es_learns_the_quadrant_task_far_above_chance_and_the_model_file_keeps_the_accuracy()
    {
        var config = Config(population: 40);
        using var task = new ClassificationTask(config, SyntheticData.Quadrants());
        var algorithm = AlgorithmRegistry.Create(config, task.Space);
        using var evaluator = task.CreateEvaluator(2, ComputeDevice.Cpu);
        for (int g = 0; g < 60; g++)
        {
            var generation = algorithm.Plan(task.TrainingContext(g));
            algorithm.Tell(generation, evaluator.Evaluate(generation, TestContext.Current.CancellationToken).Select(r => r.Fitness).ToArray());
        }
        var validation = evaluator.Evaluate(new GenerationTask
        {
            Generation = 60,
            Bases = [algorithm.Champion],
            Context = task.ValidationContext(200),
            Candidates = [Evolution.Candidates.CandidateDescriptor.Clone(0, 0)],
        }, TestContext.Current.CancellationToken)[0];
        double accuracy = validation.Metrics[ClassificationMetrics.Layout.Validation];
        Assert.True(accuracy > 0.8, $"dev accuracy {accuracy} (chance is 0.25)");

        var provenance = new ArtifactProvenance { Config = "{}", Algorithm = "es", Seed = 7, Generation = 59, Fitness = 0, Validation = accuracy, Work = 1, Producer = "test" };
        var model = ClassifierFile.FromBytes(task.CreateArtifact(algorithm.Champion, provenance), "test");
        var (parameterization, theta) = model.ToSearchVector();
        using var scorer = new SetScorer(model.Architecture, parameterization, ComputeDevice.Cpu);
        var (_, reloaded, _) = scorer.Score(Evolution.Candidates.CandidateDescriptor.Clone(0, 0), [theta], task.Dev, 200);
        Assert.Equal(accuracy, reloaded);
    }

    [Fact]
    public void A_supermask_classifier_file_regenerates_the_same_network_from_its_seed()
    {
        var config = Config("supermask");
        using var task = new ClassificationTask(config, SyntheticData.Quadrants());
        var scores = new float[task.Space.Count];
        Core.Perturbations.PerturbationGenerator.Fill(scores, new Core.Perturbations.NoiseKey(1, 2, 0, 0), 0, Core.Perturbations.NoiseDistribution.Gaussian);
        var provenance = new ArtifactProvenance { Config = "{}", Algorithm = "supermask", Seed = 7, Generation = 0, Fitness = 0, Work = 0, Producer = "test" };
        byte[] bytes = task.CreateArtifact(scores, provenance);
        // One bit per connection plus a fixed header: the frozen weights themselves (4 bytes each) are regenerated, not stored.
        Assert.True(bytes.Length < task.Space.Count / 8 + 512 && bytes.Length < 4 * task.Space.Count, $"{bytes.Length} bytes for {task.Space.Count} scores");
        var model = ClassifierFile.FromBytes(bytes, "test");
        var (parameterization, theta) = model.ToSearchVector();
        var candidate = Evolution.Candidates.CandidateDescriptor.Clone(0, 0);
        using var original = new SetScorer(task.Network.Architecture, task.Network.Parameterization, ComputeDevice.Cpu);
        using var reloaded = new SetScorer(model.Architecture, parameterization, ComputeDevice.Cpu);
        Assert.Equal(original.Score(candidate, [scores], task.Dev, 200), reloaded.Score(candidate, [theta], task.Dev, 200));
    }
}
