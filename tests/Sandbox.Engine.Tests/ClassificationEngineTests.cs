using Sandbox.Evolution.Configuration;
using Sandbox.Supervised.Models;

namespace Sandbox.Engine.Tests;

/// <summary>An MNIST classifier evolved through the same engine, workers and protocol as the control tasks.</summary>
public sealed class ClassificationEngineTests
{
    private static RunConfig Config(string algorithm) => new()
    {
        Task = RunConfig.ClassificationTask,
        Algorithm = algorithm,
        Seed = 29,
        Generations = 4,
        Population = 12,
        Policy = new PolicyConfig { Hidden = [16], Activation = "relu" },
        Classification = new ClassificationConfig { Dataset = "mnist", BatchSize = 128, ValidationExamples = 2000 },
        Evaluation = new EvaluationConfig { StopAtTarget = false },
        CheckpointEvery = 2,
    };

    private static readonly Lazy<(byte[] Model, string[] Metrics, string[] Lines)> Reference = new(() =>
    {
        var run = EngineFixture.Run(Config("es"), workers: 1);
        return (run.Policy, run.Metrics.Select(Fields).ToArray(), run.Metrics);
    });

    /// <summary>The result fields of a classification metrics line: fitness figures, the champion's loss and accuracy, samples, validation.</summary>
    private static string Fields(string line)
    {
        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
        string[] keys = ["generation", "best", "mean", "elite", "champion", "loss", "accuracy", "samples", "total_samples", "validation"];
        return string.Join(",", keys.Select(k => json.GetProperty(k).GetRawText()));
    }

    [Fact]
    public void An_mnist_run_writes_loss_and_accuracy_and_a_classifier_model()
    {
        var (model, metrics, lines) = Reference.Value;
        var classifier = ClassifierFile.FromBytes(model, "run");
        Assert.Equal("mnist", classifier.Dataset);
        Assert.Equal([784, 16, 10], classifier.Architecture.Sizes);
        Assert.NotNull(classifier.Provenance.Validation);
        Assert.Equal(4, metrics.Length);
        var last = System.Text.Json.JsonDocument.Parse(lines[^1]).RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.Number, last.GetProperty("accuracy").ValueKind);
        Assert.Equal(4 * 13 * 128, last.GetProperty("total_samples").GetInt64()); // 13 candidates (12 + the centre) × 128 examples × 4 generations
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Mnist_model_and_fitness_sequence_are_byte_identical_for_any_worker_count(int workers)
    {
        var run = EngineFixture.Run(Config("es"), workers);
        Assert.Equal(Reference.Value.Metrics, run.Metrics.Select(Fields));
        Assert.Equal(Reference.Value.Model, run.Policy);
    }

    [Fact]
    public void A_worker_killed_mid_generation_changes_nothing_in_an_mnist_run()
    {
        var run = EngineFixture.Run(Config("es"), workers: 2, fault: "kill:2");
        Assert.Equal(Reference.Value.Metrics, run.Metrics.Select(Fields));
        Assert.Equal(Reference.Value.Model, run.Policy);
        Assert.True(run.Metrics.Sum(l => EngineFixture.Field(l, "worker_restarts")) >= 1, run.Log);
    }

    [Fact]
    public void A_supermask_mnist_run_is_worker_count_independent_too()
    {
        var one = EngineFixture.Run(Config("supermask"), workers: 1);
        var two = EngineFixture.Run(Config("supermask"), workers: 2);
        Assert.Equal(one.Policy, two.Policy);
        Assert.Equal(one.Metrics.Select(Fields), two.Metrics.Select(Fields));
        Assert.True(ClassifierFile.FromBytes(two.Policy, "run").Sparsity > 0.3);
    }
}
