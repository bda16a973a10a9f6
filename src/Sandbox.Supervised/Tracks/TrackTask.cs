using Sandbox.Evolution.Tasks;
using Sandbox.Supervised.Models;
using Sandbox.Tensors.Devices;

namespace Sandbox.Supervised.Tracks;

/// <summary>
/// What the engine tasks of the tracks that run steps on workers (random-bases shards, Hybrid-ES trials) share: a
/// track config and its data sets, a flat θ, validation on the whole test set (loss, correct count, samples) and a
/// classifier model file as the artifact. Each task adds its state, its candidates and its commit.
/// </summary>
public abstract class TrackTask(TrackConfig config, TrackData data, int parameters) : IEvaluationTask
{
    /// <summary>The track config the task runs.</summary>
    public TrackConfig Config { get; } = config;

    /// <summary>The sets it trains on.</summary>
    public TrackData Data { get; } = data;

    /// <inheritdoc />
    public abstract string Kind { get; }

    /// <inheritdoc />
    public string Id => Data.Dataset;

    /// <inheritdoc />
    string IEvaluationTask.Network => NetworkDescription;

    /// <summary>The network θ parameterises, in words.</summary>
    protected abstract string NetworkDescription { get; }

    /// <inheritdoc />
    public SearchSpace Space { get; } = SearchSpace.Flat(parameters);

    /// <inheritdoc />
    public MetricLayout Metrics { get; } = new(["loss", "correct", "samples"], Work: 2, Validation: 1);

    /// <inheritdoc />
    public double DefaultTarget => 1;

    /// <inheritdoc />
    public (int Full, int Screen) ValidationSizes => (Data.Test.Count, Data.Test.Count);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, object> Provenance
    {
        get
        {
            var provenance = new Dictionary<string, object> { ["dataset"] = Data.Dataset, ["network"] = NetworkDescription };
            foreach (var (key, value) in ProvenanceDetails)
            {
                provenance[key] = value;
            }
            return provenance;
        }
    }

    /// <summary>The task's own provenance entries (after dataset and network).</summary>
    protected abstract IEnumerable<(string Key, object Value)> ProvenanceDetails { get; }

    /// <inheritdoc />
    public string ArtifactFileName => TrackRun.ModelFileName;

    /// <inheritdoc />
    public abstract EvaluationContext TrainingContext(int generation);

    /// <inheritdoc />
    public EvaluationContext ValidationContext(int size) => new([0], EvaluationSplit.Validation);

    /// <inheritdoc />
    public abstract ITaskEvaluator CreateEvaluator(int threads, ComputeDevice device);

    /// <inheritdoc />
    public abstract byte[] ExportState();

    /// <inheritdoc />
    public abstract void ImportState(ReadOnlySpan<byte> state);

    /// <inheritdoc />
    public abstract void Commit(IReadOnlyList<CandidateResult> results);

    /// <inheritdoc />
    public void CheckArtifact(ReadOnlySpan<byte> artifact) => ClassifierFile.AnyFromBytes(artifact, "artifact");

    /// <inheritdoc />
    public abstract byte[] CreateArtifact(ReadOnlySpan<float> champion, ArtifactProvenance provenance);

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the task's native buffers.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
