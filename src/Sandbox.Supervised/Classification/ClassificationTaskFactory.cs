using System.Collections.Concurrent;
using Sandbox.Core.Text;
using Sandbox.Evolution.Algorithms;
using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Supervised.Datasets;

namespace Sandbox.Supervised.Classification;

/// <summary>
/// Builds classification tasks on the datasets of a catalog. A dataset is loaded (fetched on first use when
/// allowed) once per process and shared by every task built here.
/// </summary>
public sealed class ClassificationTaskFactory(DatasetCatalog catalog, DatasetOptions options) : ITaskFactory
{
    private readonly ConcurrentDictionary<string, Lazy<Dataset>> _loaded = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Kind => RunConfig.ClassificationTask;

    /// <inheritdoc />
    public IEnumerable<string> Validate(RunConfig config)
    {
        var c = config.Classification;
        IDatasetSource source;
        try
        {
            source = catalog.Find(c.Dataset);
        }
        catch (DatasetException e)
        {
            return [$"classification.dataset: {e.Message}"];
        }
        var errors = new List<string>();
        var shape = source.Shape;
        if (c.ValidationExamples < 1 || c.ValidationExamples >= shape.TrainCount)
        {
            errors.Add($"classification.validation_examples: must be between 1 and {shape.TrainCount - 1} for {source.Name} (got {c.ValidationExamples})");
        }
        else if (c.BatchSize < 1 || c.BatchSize > shape.TrainCount - c.ValidationExamples)
        {
            errors.Add($"classification.batch_size: must be between 1 and the {shape.TrainCount - c.ValidationExamples} training examples (got {c.BatchSize})");
        }
        if (c.Fitness is not (ClassificationConfig.LossFitness or ClassificationConfig.AccuracyFitness))
        {
            errors.Add($"classification.fitness: must be loss or accuracy (got {Quoted.Value(c.Fitness)})");
        }
        if (c.DataDirectory is { Length: 0 })
        {
            errors.Add("classification.data_directory: must not be empty (leave it out for the default)");
        }
        try
        {
            if (AlgorithmRegistry.TryGet(config.Algorithm, out var algorithm) && Activations(config))
            {
                ClassifierNetwork.ShapeFor(config, shape, algorithm.Family == PolicyFamily.Supermask);
            }
        }
        catch (ArgumentException e)
        {
            errors.Add($"policy.hidden: {Quoted.Message(e.Message)}");
        }
        return errors;
    }

    private static bool Activations(RunConfig config) => Tensors.Networks.Activations.Parse(config.Policy.Activation) is not null
        && config.Policy.Init is "uniform" or "kaiming_normal" or "signed_kaiming_constant";

    /// <inheritdoc />
    public string Describe(RunConfig config)
    {
        var source = catalog.Find(config.Classification.Dataset);
        bool supermask = AlgorithmRegistry.For(config).Family == PolicyFamily.Supermask;
        var architecture = ClassifierNetwork.ShapeFor(config, source.Shape, supermask);
        int parameters = supermask ? architecture.WeightCount : architecture.ParameterCount;
        return $"network {architecture.Describe()}, {parameters:N0} search parameters, dataset {source.Name} ({source.Shape}), minibatch {config.Classification.BatchSize}";
    }

    /// <inheritdoc />
    public void Prepare(RunConfig config) => Load(config);

    /// <inheritdoc />
    public IEvaluationTask Create(RunConfig config) => new ClassificationTask(config, Load(config));

    /// <summary>The dataset a config names, loaded once per process.</summary>
    /// <exception cref="DatasetException">Unknown, missing with no way to fetch it, or damaged.</exception>
    public Dataset Load(RunConfig config)
    {
        var source = catalog.Find(config.Classification.Dataset);
        var effective = config.Classification.DataDirectory is { } directory && source.Name == "cifar10"
            ? options with { Cifar10Directory = directory }
            : options;
        var lazy = _loaded.GetOrAdd(source.Name + "|" + effective.Cifar10Directory, _ => new Lazy<Dataset>(() => catalog.Load(source.Name, effective)));
        try
        {
            return lazy.Value;
        }
        catch (DatasetException)
        {
            _loaded.TryRemove(source.Name + "|" + effective.Cifar10Directory, out _); // let a later attempt (say after an install) try again
            throw;
        }
    }
}
