using Sandbox.Evolution.Configuration;
using Sandbox.Evolution.Tasks;
using Sandbox.Policies;
using Sandbox.Policies.Parameterizations;
using Sandbox.Supervised.Datasets;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Classification;

/// <summary>
/// A classification task: candidates are classifiers (supermask scores over a frozen random MLP, or its dense
/// weights) scored on one minibatch per generation that every candidate shares, drawn from the run seed;
/// fitness is minus the mean cross-entropy (or the accuracy). Champions are validated on the dev split (the
/// last training examples, never trained on) and become classifier model files.
/// </summary>
public sealed class ClassificationTask : IEvaluationTask
{
    private readonly RunConfig _config;

    /// <summary>Builds the task a (valid) classification config describes on a loaded <paramref name="dataset"/>.</summary>
    public ClassificationTask(RunConfig config, Dataset dataset)
    {
        _config = config;
        Dataset = dataset;
        (Train, Dev) = dataset.HoldOut(config.Classification.ValidationExamples);
        var shape = new DatasetShape(dataset.Train.Count, dataset.Test.Count, dataset.Train.Channels, dataset.Train.Height, dataset.Train.Width, dataset.Train.ClassCount);
        Network = ClassifierNetwork.Create(config, shape);
        Space = MlpSearchSpace.Of(Network.Architecture, Network.Parameterization);
    }

    /// <summary>The dataset (train and test as loaded).</summary>
    public Dataset Dataset { get; }

    /// <summary>Examples minibatches are drawn from.</summary>
    public ImageSet Train { get; }

    /// <summary>Held-out examples champions are validated on.</summary>
    public ImageSet Dev { get; }

    /// <summary>The classifier searched.</summary>
    public ClassifierNetwork Network { get; }

    /// <summary>Minus the loss (default) or the accuracy.</summary>
    public bool AccuracyFitness => _config.Classification.Fitness == ClassificationConfig.AccuracyFitness;

    /// <summary>Examples per generation's minibatch.</summary>
    public int BatchSize => _config.Classification.BatchSize;

    /// <summary>Run seed (minibatch order).</summary>
    public ulong Seed => _config.Seed;

    /// <inheritdoc />
    public string Kind => RunConfig.ClassificationTask;

    /// <inheritdoc />
    public string Id => Dataset.Name;

    /// <inheritdoc />
    string IEvaluationTask.Network => Network.Architecture.Describe();

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <inheritdoc />
    public MetricLayout Metrics => ClassificationMetrics.Layout;

    /// <inheritdoc />
    public double DefaultTarget => 1.0;

    /// <inheritdoc />
    public (int Full, int Screen) ValidationSizes => (Dev.Count, Math.Min(2000, Dev.Count));

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object> Provenance => new Dictionary<string, object>
    {
        ["dataset"] = Dataset.Name,
        ["train_examples"] = Train.Count,
        ["dev_examples"] = Dev.Count,
        ["network"] = Network.Architecture.Describe(),
        ["search_parameters"] = Space.Count,
    };

    /// <inheritdoc />
    public string ArtifactFileName => "classifier.model";

    /// <inheritdoc />
    public EvaluationContext TrainingContext(int generation) => new([generation]);

    /// <inheritdoc />
    public EvaluationContext ValidationContext(int size) => new([Math.Clamp(size, 1, Dev.Count)], EvaluationSplit.Validation);

    /// <inheritdoc />
    public ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device) => new ClassificationEvaluator(this, threads, device);

    /// <inheritdoc />
    public byte[] ExportState() => [];

    /// <inheritdoc />
    public void ImportState(ReadOnlySpan<byte> state)
    {
        if (!state.IsEmpty)
        {
            throw new InvalidDataException("a classification task has no state to import");
        }
    }

    /// <inheritdoc />
    public void Commit(IReadOnlyList<CandidateResult> results)
    {
    }

    /// <inheritdoc />
    public void CheckArtifact(ReadOnlySpan<byte> artifact)
    {
        ClassifierModel model;
        try
        {
            model = ClassifierFile.FromBytes(artifact, "the checkpoint's best classifier");
        }
        catch (ClassifierFileException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (model.Dataset != Dataset.Name || !model.Architecture.Equals(Network.Architecture) || (model.Family == PolicyFamily.Supermask) != Network.IsSupermask)
        {
            throw new InvalidDataException($"its best classifier is a {model.Architecture.Describe()} network for {model.Dataset}, " +
                $"this run evolves a {Network.Architecture.Describe()} network for {Dataset.Name}");
        }
    }

    /// <inheritdoc />
    public byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance) => ClassifierFile.ToBytes(ToModel(champion, provenance));

    /// <summary>The classifier a champion search vector describes.</summary>
    public ClassifierModel ToModel(ReadOnlySpan<float> champion, ArtifactProvenance provenance)
    {
        bool[]? mask = null;
        float[]? parameters = null;
        if (Network.Parameterization is SupermaskParameterization supermask)
        {
            mask = new bool[champion.Length];
            supermask.WriteMask(champion, mask);
        }
        else
        {
            parameters = champion.ToArray();
        }
        return new ClassifierModel
        {
            Dataset = Dataset.Name,
            Architecture = Network.Architecture,
            Family = mask is null ? PolicyFamily.Dense : PolicyFamily.Supermask,
            Init = Network.Init,
            WeightSeed = mask is null ? 0 : Network.WeightSeed,
            Mask = mask,
            Parameters = parameters,
            Provenance = provenance,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
